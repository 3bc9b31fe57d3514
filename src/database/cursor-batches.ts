import type { QueryRunner } from 'typeorm';

/** Rows per FETCH unless the caller says otherwise. */
const BATCH = 1000;
let cursorSeq = 0;

/**
 * A query's rows in batches through a server-side cursor (the runner must be in a transaction). The next batch is
 * fetched while the caller works on this one, so that PostgreSQL and the workbook writer run side by side.
 */
export async function* cursorBatches<T>(runner: QueryRunner, sql: string, params: unknown[], size = BATCH): AsyncGenerator<T[]> {
  const name = `export_cursor_${++cursorSeq}`;
  await runner.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  const fetch = (): Promise<T[]> => {
    const rows: Promise<T[]> = runner.query(`FETCH ${size} FROM ${name}`);
    // Handled until awaited: a failure while the caller is busy must not count as an unhandled rejection.
    rows.catch(() => undefined);
    return rows;
  };
  let next = fetch();
  try {
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return;
      next = fetch();
      yield rows;
    }
  } finally {
    // A caller that stops early leaves a fetch in flight: it must end before the cursor closes.
    await next.catch(() => undefined);
    await runner.query(`CLOSE ${name}`).catch(() => undefined);
  }
}
