import { loadConfig } from '../config/load-config';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `node dist/src/database/serve-embedded.js`: serves the embedded PostgreSQL of EMBEDDED_DATA_DIR until stopped
 * (SIGINT, SIGTERM), and prints its URL on stdout: for psql or pg_dump on the embedded data, and for the tests, whose
 * Jest cannot load PGlite's WebAssembly in its own process.
 */
async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres(loadConfig().EMBEDDED_DATA_DIR);
  process.stdout.write(`${embedded.url}\n`);
  const stop = () => void embedded.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
