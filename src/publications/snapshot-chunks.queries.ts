import { QueryFailedError, type EntityManager } from 'typeorm';

/** The bytes of a chunk: about 1 MiB, so that a read or write of one is one modest row. */
export const CHUNK_BYTES = 1 << 20;

/** Appends a chunk to a publication's snapshot, in the caller's (the publishing) transaction. */
export async function insertSnapshotChunk(manager: EntityManager, publicationId: string, seq: number, bytes: Buffer): Promise<void> {
  await manager.query('INSERT INTO publication_snapshot_chunks (publication_id, seq, bytes) VALUES ($1, $2, $3)', [publicationId, seq, bytes]);
}

/** How a publication's snapshot is stored: its chunks' count and total bytes, or, with no chunk, its text's (or null). */
export async function snapshotForm(
  manager: EntityManager,
  publicationId: string,
): Promise<{ sha256: string; chunks: number; bytes: number } | null> {
  const [row]: { sha256: string; chunks: number; bytes: string | null; text_bytes: string | null }[] = await manager.query(
    `SELECT p.sha256, c.chunks, c.bytes, CASE WHEN c.chunks = 0 THEN octet_length(p.snapshot) END AS text_bytes
       FROM publications p,
            LATERAL (SELECT count(*)::int AS chunks, sum(octet_length(bytes))::bigint AS bytes FROM publication_snapshot_chunks WHERE publication_id = p.id) c
      WHERE p.id = $1`,
    [publicationId],
  );
  if (!row) return null;
  return { sha256: row.sha256, chunks: row.chunks, bytes: Number(row.chunks > 0 ? row.bytes : (row.text_bytes ?? 0)) };
}

/** The next `per` chunks after `after` (keyset on the primary key), each as `piece`: the bytes, or an expression of them. */
function chunksAfter<P>(manager: EntityManager, publicationId: string, piece: string, after: number, per: number): Promise<{ seq: number; piece: P }[]> {
  return manager.query(`SELECT seq, ${piece} AS piece FROM publication_snapshot_chunks WHERE publication_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
    publicationId,
    after,
    per,
  ]);
}

/** A publication's chunks in order, `per` at a time. */
export async function* snapshotChunks(manager: EntityManager, publicationId: string, per = 4): AsyncGenerator<Buffer> {
  for (let after = -1; ; ) {
    const rows = await chunksAfter<Buffer>(manager, publicationId, 'bytes', after, per);
    if (rows.length === 0) return;
    for (const row of rows) yield row.piece;
    after = rows[rows.length - 1].seq;
  }
}

/** SQLSTATEs of bytes that are not UTF-8 text on their own (an invalid or cut sequence, a NUL): convert_from's refusals. */
const NOT_TEXT = new Set(['22021', '22P05']);

/**
 * A publication's chunks in order, `per` at a time, each as its text where PostgreSQL can give it so (convert_from:
 * the chunk is UTF-8 on its own), else as its bytes. A bytea comes over the wire as hex, twice its size, which Node
 * then decodes: reading 950 MB of chunks took 16 s as bytes, 7 s as text. A batch holding a chunk that is not text on
 * its own (one cut inside a character: the writer cuts at CHUNK_BYTES, wherever that falls; or a changed one) is read again as
 * bytes, so that a whole-text piece always starts where the text before it ended. Inside a transaction the refused
 * read is undone to a savepoint, which leaves the transaction usable.
 */
export async function* snapshotChunkTexts(manager: EntityManager, publicationId: string, per = 4): AsyncGenerator<string | Buffer> {
  const inTransaction = manager.queryRunner?.isTransactionActive === true;
  for (let after = -1; ; ) {
    let rows: { seq: number; piece: string | Buffer }[];
    if (inTransaction) await manager.query('SAVEPOINT snapshot_text');
    try {
      rows = await chunksAfter<string>(manager, publicationId, "convert_from(bytes, 'UTF8')", after, per);
    } catch (error) {
      if (!(error instanceof QueryFailedError && NOT_TEXT.has((error.driverError as { code?: string }).code ?? ''))) throw error;
      if (inTransaction) await manager.query('ROLLBACK TO SAVEPOINT snapshot_text');
      rows = await chunksAfter<Buffer>(manager, publicationId, 'bytes', after, per);
    }
    if (inTransaction) await manager.query('RELEASE SAVEPOINT snapshot_text');
    if (rows.length === 0) return;
    for (const row of rows) yield row.piece;
    after = rows[rows.length - 1].seq;
  }
}

/** The text snapshot of a publication made before chunks (null for a chunked one): read whole, as it was written. */
export async function snapshotText(manager: EntityManager, publicationId: string): Promise<string | null> {
  const [row]: { snapshot: string | null }[] = await manager.query('SELECT snapshot FROM publications WHERE id = $1', [publicationId]);
  return row?.snapshot ?? null;
}

/** The first `bytes` of a chunked snapshot (a section at its beginning), with whether that is all of it. */
export async function snapshotChunkHead(manager: EntityManager, publicationId: string, bytes: number): Promise<{ head: Buffer; whole: boolean }> {
  const parts: Buffer[] = [];
  let read = 0;
  for await (const chunk of snapshotChunks(manager, publicationId, 1)) {
    parts.push(chunk);
    read += chunk.length;
    if (read >= bytes) return { head: Buffer.concat(parts), whole: false };
  }
  return { head: Buffer.concat(parts), whole: true };
}

/** Which of these publications have their snapshot in chunks. */
export async function chunkedSnapshotIds(manager: EntityManager, publicationIds: readonly string[]): Promise<string[]> {
  const rows: { publication_id: string }[] = await manager.query(
    'SELECT DISTINCT publication_id FROM publication_snapshot_chunks WHERE publication_id = ANY($1::uuid[]) AND seq = 0',
    [publicationIds],
  );
  return rows.map((r) => r.publication_id);
}
