import { Client } from 'pg';

async function withMaintenanceClient(url: string, fn: (client: Client, quotedName: string, name: string) => Promise<void>) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await fn(client, `"${name.replace(/"/g, '""')}"`, name);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database of a postgres:// URL if it does not exist (the demo and tests on a fresh machine): empty, or a
 * copy of the database `template` (on the same server, with no session open on it while it is copied).
 */
export async function ensureDatabase(url: string, options: { recreate?: boolean; template?: string } = {}): Promise<void> {
  await withMaintenanceClient(url, async (client, quoted, name) => {
    if (options.recreate) await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    if (options.template) await client.query(`CREATE DATABASE ${quoted} TEMPLATE "${options.template.replace(/"/g, '""')}"`);
    else await client.query(`CREATE DATABASE ${quoted} ENCODING 'UTF8' TEMPLATE template0`);
  });
}

export async function dropDatabase(url: string): Promise<void> {
  await withMaintenanceClient(url, async (client, quoted) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  });
}
