import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonParts, StreamedArray } from '../common/canonical-json';
import { CHUNK_BYTES } from './snapshot-chunks.queries';

/** An array of the snapshot written item by item: how many items, and the items a batch at a time. */
export interface StreamedItems<T = unknown> {
  count: number;
  batches: AsyncIterable<readonly T[]>;
  /**
   * Told each item just before it is written (a hash of what is written): the two walks of one item one after the
   * other, so that the order of its keys sorted by the first is still remembered by the second (codeUnitOrders).
   */
  each?(item: T): void;
}

/** Told each time a batch of items is written: items written so far, of all streamed arrays together. */
export type SnapshotProgress = (done: number, total: number) => void;

/** Text gathered before it becomes bytes: fewer, larger conversions and hash updates. */
const TEXT_PIECE = 64 * 1024;

/**
 * Writes the canonical JSON of `value` (canonicalJsonParts: each StreamedArray in it is filled from `items` under its
 * name) as chunks of CHUNK_BYTES bytes (the last shorter), handed in order to `write`; their sha256 is computed as they
 * are written. The bytes are exactly canonicalJson of the value with the arrays in place, which never exists whole.
 * An array that yields another number of items than it said is refused: the count was hashed.
 */
export async function writeCanonicalChunks(
  value: unknown,
  items: Record<string, StreamedItems>,
  write: (seq: number, bytes: Buffer) => Promise<void>,
  progress?: SnapshotProgress,
): Promise<{ sha256: string; bytes: number; chunks: number }> {
  const out = new ChunkedBytes(write);
  const total = Object.values(items).reduce((n, s) => n + s.count, 0);
  let done = 0;
  for (const part of canonicalJsonParts(value)) {
    if (!(part instanceof StreamedArray)) {
      await out.text(part);
      continue;
    }
    const streamed = items[part.name];
    if (!streamed) throw new Error(`the snapshot's array ${part.name} has no items to write`);
    await out.text('[');
    let written = 0;
    for await (const batch of streamed.batches) {
      for (const item of batch) {
        streamed.each?.(item);
        await out.text(written++ === 0 ? canonicalJson(item) : ',' + canonicalJson(item));
      }
      done += batch.length;
      progress?.(done, total);
    }
    if (written !== streamed.count) throw new Error(`the snapshot's ${part.name}: ${written} items written, ${streamed.count} counted`);
    await out.text(']');
  }
  return out.end();
}

/** Text in, chunks of CHUNK_BYTES out, hashed on the way. */
class ChunkedBytes {
  private readonly hash = createHash('sha256');
  private pending = '';
  private parts: Buffer[] = [];
  private partBytes = 0;
  private seq = 0;
  private total = 0;
  /** The chunk being written: the next text is made while PostgreSQL stores it (one chunk in flight at most). */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (seq: number, bytes: Buffer) => Promise<void>) {}

  async text(piece: string): Promise<void> {
    this.pending += piece;
    if (this.pending.length >= TEXT_PIECE) await this.toBytes();
  }

  async end(): Promise<{ sha256: string; bytes: number; chunks: number }> {
    await this.toBytes();
    if (this.partBytes > 0 || this.seq === 0) await this.emit(Buffer.concat(this.parts));
    await this.writing;
    return { sha256: this.hash.digest('hex'), bytes: this.total, chunks: this.seq };
  }

  private async toBytes(): Promise<void> {
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(bytes);
    this.parts.push(bytes);
    this.partBytes += bytes.length;
    if (this.partBytes < CHUNK_BYTES) return;
    const all = Buffer.concat(this.parts);
    let at = 0;
    for (; all.length - at >= CHUNK_BYTES; at += CHUNK_BYTES) await this.emit(all.subarray(at, at + CHUNK_BYTES));
    this.parts = [all.subarray(at)];
    this.partBytes = all.length - at;
  }

  /** Hands a chunk to `write` once the one before is written, without waiting for this one (end() waits for it). */
  private async emit(bytes: Buffer): Promise<void> {
    this.total += bytes.length;
    await this.writing;
    this.writing = this.write(this.seq++, bytes);
    // Its failure is met by the next emit or end; until then it is not an unhandled rejection.
    this.writing.catch(() => undefined);
  }
}
