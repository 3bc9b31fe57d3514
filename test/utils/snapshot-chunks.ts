import type { TestApp } from './test-app';

/**
 * A publication's snapshot as the database holds it, and changes to it made as the tables' owner could (the frozen
 * triggers disabled for the statements, then enabled again).
 */

/** The snapshot's bytes: its chunks joined in order (a publication made since chunks). */
export async function storedChunks(t: TestApp, publicationId: string): Promise<Buffer> {
  const rows: { bytes: Buffer }[] = await t.db.query('SELECT bytes FROM publication_snapshot_chunks WHERE publication_id = $1 ORDER BY seq', [publicationId]);
  return Buffer.concat(rows.map((r) => r.bytes));
}

/** Runs statements with the publications' frozen triggers off, then puts them back. */
export async function bypassingFrozen(t: TestApp, ...statements: [string, unknown[]][]): Promise<void> {
  const triggers = [
    ['publication_results', 'publication_results_frozen'],
    ['publications', 'publications_frozen'],
    ['publication_snapshot_chunks', 'publication_snapshot_chunks_frozen'],
  ];
  for (const [table, trigger] of triggers) await t.db.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  try {
    for (const [sql, params] of statements) await t.db.query(sql, params);
  } finally {
    for (const [table, trigger] of triggers) await t.db.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  }
}

/** Makes a chunked publication one of before chunks: its snapshot as the text in publications.snapshot, no chunks. */
export async function asTextSnapshot(t: TestApp, publicationId: string): Promise<void> {
  await bypassingFrozen(
    t,
    [
      `UPDATE publications SET snapshot = (SELECT convert_from(string_agg(bytes, ''::bytea ORDER BY seq), 'UTF8') FROM publication_snapshot_chunks WHERE publication_id = $1) WHERE id = $1`,
      [publicationId],
    ],
    ['DELETE FROM publication_snapshot_chunks WHERE publication_id = $1', [publicationId]],
  );
}
