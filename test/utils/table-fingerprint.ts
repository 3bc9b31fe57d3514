import type request from 'supertest';
import type { TestApp } from './test-app';

/** Every row of the named tables, hashed per table: a refused write must leave them exactly as they were. */
export async function tableFingerprint(t: TestApp, tables: readonly string[]): Promise<Record<string, string>> {
  const [row] = await t.db.query(
    `SELECT ${tables.map((name) => `(SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM ${name} x) AS ${name}`).join(', ')}`,
  );
  return row as Record<string, string>;
}

/** A request that must be refused, with the field the refusal must name and its rule. */
export interface RefusalCase {
  name: string;
  send: () => request.Test;
  field: string;
  rule: string;
}
