import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import type { TokenPayload } from '../auth/token-payload';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * The floor of the save benchmark (http.bench.ts), in a process of its own as the app is, measured by the same
 * autocannon clients with the same bodies: what a save cannot do without. Per request it reads the body, verifies the
 * bearer token as the app's guard does first (JwtService, HS256, the app's JWT_SECRET: AuthModule's options), and
 * upserts the body's answers into the client's own submission (`answers`, the same rows the save writes, the columns
 * its upsert writes) in one transaction on a DataSource with the app's options (dataSourceOptions: a pool of 10).
 * Nothing else: no Nest or Express, no reads (each unit's submission id is read once at start), no version check,
 * no audit, no reply beyond the next ETag.
 *
 * `node save-floor-server.js <port> <cycleId>`.
 */

const [port, cycleId] = process.argv.slice(2);

interface SaveBody {
  answers: Array<{ indicatorCode: string; value: unknown }>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The upsert of SubmissionsService.applyAnswers (manager.upsert on submission id and code), as one statement. */
function upsertSql(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `($1, $${3 * i + 3}, $${3 * i + 4}::jsonb, NULL, NULL, $${3 * i + 5}::jsonb, $2, DEFAULT)`);
  return `INSERT INTO answers (submission_id, indicator_code, value, note, self_points, warnings, updated_by_id, updated_at)
          VALUES ${rows.join(', ')}
          ON CONFLICT (submission_id, indicator_code) DO UPDATE SET value = EXCLUDED.value, note = EXCLUDED.note,
            self_points = EXCLUDED.self_points, warnings = EXCLUDED.warnings, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const jwt = new JwtService({ secret: config.JWT_SECRET, verifyOptions: { algorithms: ['HS256'] } });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  const submissions = new Map<string, string>(
    ((await db.query('SELECT unit_id, id FROM submissions WHERE cycle_id = $1', [cycleId])) as Array<{ unit_id: string; id: string }>).map((r) => [r.unit_id, r.id]),
  );
  const save = async (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.parse(await readBody(req)) as SaveBody;
    const payload = await jwt.verifyAsync<TokenPayload>((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const submissionId = submissions.get(payload.unitId ?? '');
    if (!submissionId) throw new Error(`no submission of unit ${payload.unitId}`);
    const params: unknown[] = [submissionId, payload.sub];
    for (const a of body.answers) params.push(a.indicatorCode, JSON.stringify(a.value), '[]');
    await db.transaction((manager) => manager.query(upsertSql(body.answers.length), params));
    const version = Number(String(req.headers['if-match'] ?? '0').replace(/"/g, ''));
    res.writeHead(200, { 'content-type': 'application/json', etag: `"${version + 1}"` });
    res.end('{}');
  };
  const server = createServer((req, res) => {
    save(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.listen(Number(port), '127.0.0.1');
  process.on('SIGTERM', () => void db.destroy().finally(() => process.exit(0)));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
