import type { GlobalConfig } from 'jest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { buildSrc, serveEmbedded, stopServing, type Served } from '../utils/embedded-served';
import { EMBEDDED_RUN_DIR_VAR, EMBEDDED_URLS_VAR, embeddedDataDir } from './embedded-run';

/** The servers of this run, for embedded-global-teardown.ts (Jest runs both in its own process). */
export const SERVED_KEY = '__dtiEmbeddedServed';

/**
 * One embedded PostgreSQL (PGlite) per Jest worker, each migrated, in a folder of the run's own, each served by the
 * compiled src/database/serve-embedded.js in a process of its own, as `npm start` serves its data folder: Jest's
 * module sandbox cannot load PGlite's WebAssembly, and the app talks to it over the socket as to any PostgreSQL.
 */
export default async function embeddedGlobalSetup(globalConfig: GlobalConfig): Promise<void> {
  const runDir = join(process.cwd(), 'var', `embedded-test-${randomBytes(4).toString('hex')}`);
  const srcDir = await buildSrc('embedded-tests');
  const workers = Math.max(1, globalConfig.maxWorkers);
  const served: Served[] = [];
  (globalThis as Record<string, unknown>)[SERVED_KEY] = served;
  for (let id = 1; id <= workers; id++) served.push(serveEmbedded(srcDir, embeddedDataDir(runDir, id)));
  try {
    const urls = await Promise.all(served.map((s) => s.url));
    await Promise.all(urls.map((url) => runMigrations({ DATABASE_URL: url })));
    process.env[EMBEDDED_URLS_VAR] = JSON.stringify(urls);
    process.env[EMBEDDED_RUN_DIR_VAR] = runDir;
  } catch (error) {
    await Promise.all(served.map((s) => stopServing(s)));
    throw error;
  }
}
