import { StringDecoder } from 'node:string_decoder';
import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { SNAPSHOT_SECTIONS, type SnapshotSectionName } from './publication-snapshot';
import { snapshotChunks } from './snapshot-chunks.queries';

/** The first read of a snapshot's beginning, in characters; doubled until the section ends within it. */
const FIRST_READ = 64 * 1024;

/**
 * A section of a publication's snapshot (null when it has none), read from the beginning of the frozen text, never
 * the whole of it (hundreds of MB at commune scale): the sections' keys sort first in the canonical JSON. What it returns
 * is the very text the sha256 covers, parsed.
 */
export async function snapshotSection(manager: EntityManager, publicationId: string, name: SnapshotSectionName): Promise<unknown> {
  // A chunked snapshot: its first chunks, one at a time, until the section ends within them.
  const decoder = new StringDecoder('utf8');
  let head: string | null = null;
  for await (const chunk of snapshotChunks(manager, publicationId, 1)) {
    head = (head ?? '') + decoder.write(chunk);
    const found = sectionIn(head, name);
    if (found !== undefined) return found === null ? null : JSON.parse(found);
  }
  if (head !== null) throw new Error(`publication ${publicationId}: its snapshot does not begin as canonical JSON`);
  // A text snapshot (a publication made before chunks): its beginning, read longer until the section ends within it.
  for (let length = FIRST_READ; ; length *= 2) {
    const [row]: { head: string; whole: boolean }[] = await manager.query(
      'SELECT left(snapshot, $2) AS head, length(snapshot) <= $2 AS whole FROM publications WHERE id = $1',
      [publicationId, length],
    );
    if (!row) throw DomainException.notFound('publication', publicationId);
    const found = sectionIn(row.head, name);
    if (found !== undefined) return found === null ? null : JSON.parse(found);
    // A snapshot shorter than the read that still ends nowhere is not canonical JSON: no section in it is trusted.
    if (row.whole) throw new Error(`publication ${publicationId}: its snapshot does not begin as canonical JSON`);
  }
}

/**
 * The JSON text of the named top-level section at the beginning of a canonical snapshot's text; null when the
 * snapshot has none (a key past the sections, or past the name, is reached); undefined when the text ends first.
 */
export function sectionIn(head: string, name: SnapshotSectionName): string | null | undefined {
  if (!head.startsWith('{')) return head.length === 0 ? undefined : null;
  let at = 1;
  for (;;) {
    const keyEnd = valueEnd(head, at);
    if (keyEnd === undefined) return undefined;
    if (head[at] !== '"') return null;
    const key = JSON.parse(head.slice(at, keyEnd)) as string;
    if (!(SNAPSHOT_SECTIONS as readonly string[]).includes(key) || key > name) return null;
    const start = keyEnd + 1; // past the colon
    const end = valueEnd(head, start);
    if (end === undefined) return undefined;
    if (key === name) return head.slice(start, end);
    at = end + 1; // past the comma
  }
}

/** Where the JSON value starting at `start` ends (one past it), or undefined when the text ends first. */
function valueEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      // At depth 0 it closes what holds the value (a number, true, false or null), which ends there.
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
  }
  return undefined;
}
