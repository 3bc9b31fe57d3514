import { rmSync } from 'node:fs';
import { stopServing, type Served } from '../utils/embedded-served';
import { SERVED_KEY } from './embedded-global-setup';
import { EMBEDDED_RUN_DIR_VAR } from './embedded-run';

/** Stops the run's embedded PostgreSQL servers and removes their folder, unless KEEP_TEST_DATABASE=1 (to look at it). */
export default async function embeddedGlobalTeardown(): Promise<void> {
  const served = ((globalThis as Record<string, unknown>)[SERVED_KEY] ?? []) as Served[];
  await Promise.all(served.map((s) => stopServing(s)));
  const runDir = process.env[EMBEDDED_RUN_DIR_VAR];
  if (runDir && process.env.KEEP_TEST_DATABASE !== '1') rmSync(runDir, { recursive: true, force: true });
}
