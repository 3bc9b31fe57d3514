import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { jwtOptions } from '../auth/jwt-options';
import type { TokenPayload } from '../auth/token-payload';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from '../database/data-source-options';
import type { RawValue } from '../engine/types';
import { upsertAnswers } from '../submissions/answer-upsert.queries';
import { findSubmission } from '../submissions/submissions.queries';

/**
 * The floor of the save benchmark (http.bench.ts), in a process of its own as the app is, measured by the same
 * autocannon clients with the same bodies: what a save cannot do without. Per request it reads the body, verifies the
 * bearer token as the app's guard does first (JwtService with AuthModule's options, jwtOptions), and
 * upserts the body's answers into the client's own submission with the save's own statement (upsertAnswers: the
 * same rows, the same columns) in one transaction on a DataSource with the app's options (a pool of 10). Nothing
 * else: no Nest or Express, no reads (each unit's submission is read once, at its first save), no version check, no
 * plausibility, no audit, no reply beyond the next ETag.
 *
 * `node save-floor-server.js <port> <cycleId>`.
 */

const [port, cycleId] = process.argv.slice(2);

interface SaveBody {
  answers: Array<{ indicatorCode: string; value: RawValue }>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const jwt = new JwtService(jwtOptions(config));
  const db = await new DataSource(withEntityFiles(config)).initialize();
  const submissions = new Map<string, string>();
  const save = async (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.parse(await readBody(req)) as SaveBody;
    const payload = await jwt.verifyAsync<TokenPayload>((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const unitId = payload.unitId ?? '';
    if (!submissions.has(unitId)) {
      const found = await findSubmission(db.manager, cycleId, unitId);
      if (!found) throw new Error(`no submission of unit ${unitId}`);
      submissions.set(unitId, found.id);
    }
    const rows = body.answers.map((a) => ({ indicatorCode: a.indicatorCode, value: a.value, note: undefined, selfPoints: undefined, warnings: [] }));
    await db.transaction((manager) => upsertAnswers(manager, submissions.get(unitId)!, payload.sub, rows));
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
