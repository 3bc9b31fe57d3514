import type { Hash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { CHUNK_BYTES, snapshotChunks, snapshotForm, snapshotText } from './snapshot-chunks.queries';

/** A publication's snapshot as stored: its sha256 (the publication's), its length in bytes, and its bytes in pieces. */
export interface SnapshotBytes {
  sha256: string;
  bytes: number;
  /** Whether it is in chunks (publications made since), or one text (those made before). */
  chunked: boolean;
  pieces: () => AsyncGenerator<Buffer>;
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
  return { sha256: form.sha256, bytes: form.bytes, chunked, pieces };
}

/** The pieces as text (a character split between pieces is joined), each piece hashed into `hash` as it passes. */
export async function* decodedText(pieces: AsyncIterable<Buffer>, hash?: Hash): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const piece of pieces) {
    hash?.update(piece);
    const text = decoder.write(piece);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
