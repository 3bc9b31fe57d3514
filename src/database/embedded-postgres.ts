import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { EmbeddedWireServer } from './embedded-wire-server';

/**
 * CLDR's Vietnamese tailoring (common/collation/vi.xml, "standard"): ă â after a, đ after d, ê after e, ô ơ after o,
 * ư after u, and the tones (combining marks, written \u here) ordered grave, hook, tilde, acute, dot below. PGlite's ICU carries the root collation
 * only, so "vi" alone sorts as root there (Đ with D, Ă with A); with these rules it sorts as PostgreSQL's vi-x-icu
 * (test/embedded-database.e2e-spec.ts compares the two on every unit name).
 */
export const VIETNAMESE_ICU_RULES = '&\u0300<<\u0309<<\u0303<<\u0301<<\u0323 &a<ă<<<Ă<â<<<Â &d<đ<<<Đ &e<ê<<<Ê &o<ô<<<Ô<ơ<<<Ơ &u<ư<<<Ư';

export interface EmbeddedPostgres {
  /** A postgres:// URL to this process's server. */
  readonly url: string;
  readonly db: PGlite;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` (created if missing) and serves it on a free loopback port. One process at a time may
 * hold a data folder: a second is refused with the holder's pid, rather than two PGlites writing the same files.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'dti-embedded.pid');
  refuseIfHeld(lock, dir);
  writeFileSync(lock, String(process.pid));
  // A process that exits without stop() (process.exit after an error) leaves no lock; one killed by a signal leaves
  // a stale one, which the next start passes over as its pid is gone.
  const unlock = () => rmSync(lock, { force: true });
  process.once('exit', unlock);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm, pgcrypto } });
    // The migrations declare name columns COLLATE "vi-x-icu"; it must exist, sorting as PostgreSQL's does.
    await db.exec(`CREATE COLLATION IF NOT EXISTS "vi-x-icu" (provider = icu, locale = 'vi', rules = '${VIETNAMESE_ICU_RULES}')`);
    const server = new EmbeddedWireServer(db);
    const port = await server.listen();
    const started = db;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      db: started,
      stop: async () => {
        server.closeConnections();
        await server.close();
        await started.close();
        process.off('exit', unlock);
        unlock();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    process.off('exit', unlock);
    unlock();
    throw error;
  }
}

function refuseIfHeld(lock: string, dir: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // its process is gone: a stale lock
  }
  throw new Error(
    `EMBEDDED_DATA_DIR ${dir} is in use by process ${pid}: one process at a time runs the embedded PostgreSQL ` +
      '(run the worker inside the app with --with-worker, or stop that process)',
  );
}

let served: Promise<EmbeddedPostgres> | undefined;

/** The embedded PostgreSQL of this process on dataDir (started once) with DATABASE_URL pointed at it. */
export async function serveEmbeddedDatabase(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedPostgres> {
  served ??= startEmbeddedPostgres(dataDir);
  const embedded = await served;
  env.DATABASE_URL = embedded.url;
  return embedded;
}
