import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Each migration brings its own rows of these (the migrations' log, a generated column's expression): never copied. */
const MIGRATION_TABLES = new Set(['migrations', 'typeorm_metadata']);

export interface CopiedTable {
  table: string;
  rows: number;
}

/** Why a copy was refused: the target is not where the embedded data can go whole. */
export class EmbeddedCopyRefused extends Error {
  constructor(
    readonly reason: 'migrationsDiffer' | 'targetNotEmpty',
    /** The table that holds rows; the first migration the target lacks (empty when the target is ahead). */
    readonly subject: string,
  ) {
    super(`${reason}: ${subject}`);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies every row of the embedded database into a real PostgreSQL whose schema is at the same migration and which
 * holds no row yet: in one transaction on the target (a refusal or a failure leaves it as it was), tables in the
 * order of their foreign keys, generated columns left to the target, then each sequence moved past the copied ids.
 * pg_dump is not the way: the machine's pg_dump is often older than PGlite's PostgreSQL and refuses a newer server,
 * and the dump would carry PGlite's "vi-x-icu" (rules) collation into a server that has its own.
 * Each table passes through memory once (COPY TO a blob): an embedded database is one office's, not a nation's.
 */
export async function copyEmbeddedTo(source: PGlite, targetUrl: string): Promise<CopiedTable[]> {
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  try {
    await refuseUnlessSameMigrations(source, target);
    const tables = await tablesInForeignKeyOrder(source);
    await refuseUnlessEmpty(target, tables);
    await target.query('BEGIN');
    try {
      const copied: CopiedTable[] = [];
      for (const table of tables) copied.push({ table, rows: await copyTable(source, target, table) });
      await moveSequences(target);
      await target.query('COMMIT');
      return copied;
    } catch (error) {
      await target.query('ROLLBACK');
      throw error;
    }
  } finally {
    await target.end();
  }
}

async function refuseUnlessSameMigrations(source: PGlite, target: Client): Promise<void> {
  const sql = `SELECT name FROM migrations ORDER BY id`;
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);
  const from = names((await source.query<{ name: string }>(sql)).rows);
  const to = await target.query<{ name: string }>(sql).then(
    (r) => names(r.rows),
    () => [] as string[],
  );
  if (from.join('\n') === to.join('\n')) return;
  throw new EmbeddedCopyRefused('migrationsDiffer', from.find((name) => !to.includes(name)) ?? '');
}

/** The tables of the public schema, each after the tables its foreign keys point to (a self-reference aside). */
async function tablesInForeignKeyOrder(source: PGlite): Promise<string[]> {
  const { rows: tables } = await source.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const { rows: references } = await source.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, '').replace(/""/g, '"');
  const parents = new Map<string, string[]>();
  for (const { child, parent } of references) parents.set(unquote(child), [...(parents.get(unquote(child)) ?? []), unquote(parent)]);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) place(parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const { name } of tables) place(name, new Set());
  return ordered.filter((name) => !MIGRATION_TABLES.has(name));
}

async function refuseUnlessEmpty(target: Client, tables: string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await target.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
    if (rows.length) throw new EmbeddedCopyRefused('targetNotEmpty', table);
  }
}

async function copyTable(source: PGlite, target: Client, table: string): Promise<number> {
  const { rows: columns } = await source.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [quote(table)],
  );
  const list = columns.map((c) => quote(c.name)).join(', ');
  const out = await source.query(`COPY ${quote(table)} (${list}) TO '/dev/blob'`);
  const data = out.blob ? Buffer.from(await out.blob.arrayBuffer()) : Buffer.alloc(0);
  if (data.length) await pipeline(Readable.from([data]), target.query(copyFrom(`COPY ${quote(table)} (${list}) FROM STDIN`)));
  return out.affectedRows ?? 0;
}

/** Every sequence owned by a column (serial or identity) set past the largest value copied into it. */
async function moveSequences(target: Client): Promise<void> {
  const { rows } = await target.query<{ table: string; column: string; sequence: string }>(
    `SELECT t.relname AS table, a.attname AS column, s.oid::regclass::text AS sequence
       FROM pg_class s
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE s.relkind = 'S' AND n.nspname = 'public'`,
  );
  for (const { table, column, sequence } of rows) {
    if (MIGRATION_TABLES.has(table)) continue;
    await target.query(
      `SELECT setval($1::regclass, coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [sequence],
    );
  }
}
