import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/** A cell of a COPY row: text as is, a number or boolean as PostgreSQL reads it, null as NULL. */
export type CopyCell = string | number | boolean | null;

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One cell in COPY's text format: \N for null; backslash, newline, carriage return and tab escaped. */
export function copyCell(cell: CopyCell): string {
  if (cell === null) return '\\N';
  const text = String(cell);
  return SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : text;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Streams rows into a table with COPY FROM STDIN, in chunks of about 1 MiB of text, so that memory stays flat
 * however many rows there are; `onRows` hears how many rows are sent so far after each chunk (progress).
 * On the manager's connection: inside a transaction, the rows are part of it.
 */
export async function copyRows(
  target: PoolClient | EntityManager,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyCell[]> | AsyncIterable<readonly CopyCell[]>,
  onRows?: (sent: number) => Promise<void> | void,
): Promise<void> {
  const client = target instanceof EntityManager ? await pgClientOf(target) : target;
  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    let sent = 0;
    for await (const row of rows) {
      let line = '';
      for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyCell(row[i]);
      chunk += line + '\n';
      sent++;
      if (chunk.length > CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        await onRows?.(sent);
      }
    }
    if (chunk) yield chunk;
    await onRows?.(sent);
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** The pg client under a TypeORM manager (its transaction's, when it has one). */
async function pgClientOf(manager: EntityManager): Promise<PoolClient> {
  if (!manager.queryRunner) throw new Error('copyRows needs the manager of a transaction (or a pg client)');
  return (await manager.queryRunner.connect()) as PoolClient;
}
