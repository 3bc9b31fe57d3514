import type { Hash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { CHUNK_BYTES, snapshotChunks, snapshotChunkTexts, snapshotForm, snapshotText } from './snapshot-chunks.queries';

/** A publication's snapshot as stored: its sha256 (the publication's), its length in bytes, and its bytes in pieces. */
export interface SnapshotBytes {
  sha256: string;
  bytes: number;
  /** Whether it is in chunks (publications made since), or one text (those made before). */
  chunked: boolean;
  pieces: () => AsyncGenerator<Buffer>;
  /** Its text in pieces (decodedText), each piece's bytes hashed into `hash`; a chunked one read as text where it can be. */
  text: (hash?: Hash) => AsyncGenerator<string>;
}

/**
 * The one reader of a snapshot's bytes, whichever form holds them: chunks read a few at a time, in order; the text
 * of a publication made before chunks read whole (as it was written and read then) and handed over in pieces.
 */
export async function snapshotBytes(manager: EntityManager, publicationId: string): Promise<SnapshotBytes> {
  const form = await snapshotForm(manager, publicationId);
  if (!form) throw DomainException.notFound('publication', publicationId);
  const chunked = form.chunks > 0;
  async function* pieces(): AsyncGenerator<Buffer> {
    if (chunked) {
      yield* snapshotChunks(manager, publicationId);
      return;
    }
    const text = Buffer.from((await snapshotText(manager, publicationId)) ?? '', 'utf8');
    for (let at = 0; at < text.length; at += CHUNK_BYTES) yield text.subarray(at, at + CHUNK_BYTES);
  }
  const text = (hash?: Hash) => decodedText(chunked ? snapshotChunkTexts(manager, publicationId) : pieces(), hash);
  return { sha256: form.sha256, bytes: form.bytes, chunked, pieces, text };
}

/**
 * The pieces as text (a character split between pieces of bytes is joined), each piece's bytes hashed into `hash` as
 * it passes. A piece given as text (snapshotChunkTexts) is hashed as its UTF-8, which is the stored bytes exactly
 * (PostgreSQL checked them as UTF-8 to give them as text), and begins where a character does.
 */
export async function* decodedText(pieces: AsyncIterable<Buffer | string>, hash?: Hash): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const piece of pieces) {
    if (typeof piece === 'string') {
      hash?.update(piece, 'utf8');
      // Bytes held from the piece before (a character cut short there): only in a changed snapshot, whose sha256 says so.
      const held = decoder.end();
      if (held) yield held;
      if (piece) yield piece;
      continue;
    }
    hash?.update(piece);
    const text = decoder.write(piece);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
