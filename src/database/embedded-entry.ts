import { EMBEDDED } from '../config/app-config';

/**
 * For an entry point (main, the worker, the CLI), before anything reads the settings: with DATABASE_URL=embedded,
 * starts the embedded PostgreSQL on EMBEDDED_DATA_DIR, brings it to the code's migrations (the folder is the app's
 * own: nobody else would run them) and points DATABASE_URL at it, so that the app and child processes (which inherit
 * the environment) connect to it as to any PostgreSQL. Otherwise does nothing and loads nothing of PGlite.
 */
let servedFolder: string | undefined;

/** The data folder of the embedded PostgreSQL this process serves (DATABASE_URL then names its loopback port), if any. */
export function servedEmbeddedFolder(): string | undefined {
  return servedFolder;
}

export async function serveEmbeddedDatabaseFromSettings(): Promise<{ stop(): Promise<void> } | undefined> {
  const { loadConfig } = await import('../config/load-config.js');
  const config = loadConfig();
  if (config.DATABASE_URL !== EMBEDDED) return undefined;
  const [{ serveEmbeddedDatabase }, { runMigrations }] = await Promise.all([import('./embedded-postgres.js'), import('./migrate.js')]);
  const embedded = await serveEmbeddedDatabase(config.EMBEDDED_DATA_DIR);
  await runMigrations({ DATABASE_URL: embedded.url });
  servedFolder = config.EMBEDDED_DATA_DIR;
  return embedded;
}
