import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '../database/ensure-database';
import type { BenchFigure } from './bench-figure';

/**
 * The demo's whole run on the embedded drivers (PGlite, the in-process queues: the default, nothing running)
 * beside the same run on PostgreSQL and Redis (#19): a figure, not an aim. One after the other, each on fresh data
 * of its own (a database DATABASE_URL's name + `_bench_demo`, dropped after; a temporary folder), from the built
 * dist/ this command runs from. Not in the default set: it takes minutes (`npm run bench -- demo`).
 */

const CLI = join(__dirname, '..', 'cli.js');
const ROOT = join(__dirname, '..', '..', '..');

function demoSeconds(env: NodeJS.ProcessEnv): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, '--json', 'demo'], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // With --json the refusal is the document on stdout; stderr has the progress up to it.
      if (error) return reject(new Error(`the demo failed: ${stdout.slice(-2000) || stderr.slice(-2000)}`));
      resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}

export async function benchDemo(real: { databaseUrl: string; redisUrl: string; queuePrefix: string }): Promise<BenchFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dti-bench-demo-'));
  const database = new URL(real.databaseUrl);
  database.pathname = `${database.pathname}_bench_demo`;
  const base = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DTI_LANG: 'en' };
  try {
    await dropDatabase(database.toString());
    const onServers = await demoSeconds({
      ...base,
      DATABASE_URL: database.toString(),
      REDIS_URL: real.redisUrl,
      QUEUE_PREFIX: `${real.queuePrefix}-bench-demo`,
      UPLOAD_DIR: join(folder, 'real', 'uploads'),
      OUT_DIR: join(folder, 'real', 'out'),
    });
    const embedded = await demoSeconds({
      ...base,
      DATABASE_URL: 'embedded',
      REDIS_URL: 'embedded',
      EMBEDDED_DATA_DIR: join(folder, 'embedded', 'pg'),
      UPLOAD_DIR: join(folder, 'embedded', 'uploads'),
      OUT_DIR: join(folder, 'embedded', 'out'),
    });
    const round = (x: number) => Number(x.toFixed(1));
    return [
      { key: 'demo.embedded', value: round(embedded), unit: 's', floor: round(onServers), ratio: embedded / onServers },
      { key: 'demo.servers', value: round(onServers), unit: 's' },
    ];
  } finally {
    await dropDatabase(database.toString()).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }
}
