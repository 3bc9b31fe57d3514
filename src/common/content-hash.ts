import { createHash, type Hash } from 'node:crypto';
import { codeUnitOrders } from './key-orders';

/**
 * sha256 of a value's canonical binary form: the content hash of a score run's inputs and results, which are
 * millions of numbers at commune scale. canonicalHash (canonical JSON) would turn each number into its shortest
 * decimal text, which costs more than everything else a hash does; here a number is its 8 bytes.
 *
 * Equal in the same cases as canonical JSON: keys sorted at every depth, undefined fields left out, NaN, ±Infinity and
 * undefined array items as null, -0 as 0, a Date as its ISO text. The form (one tag byte per value, then):
 * null 0x00; false 0x01; true 0x02; number 0x03 + float64 LE; string 0x04 + uint32 LE byte length + UTF-8;
 * array 0x05 + uint32 LE count + items; object 0x06 + uint32 LE count + (length, UTF-8 key, value) per key.
 * Internal: a publication's own hash stays canonical JSON, which anyone can recompute from what is published.
 */
export function contentHash(value: unknown): string {
  const writer = new HashWriter(createHash('sha256'));
  writer.value(value);
  return writer.digest();
}

const enum Tag {
  Null = 0,
  False = 1,
  True = 2,
  Number = 3,
  String = 4,
  Array = 5,
  Object = 6,
}

const CHUNK = 1 << 20;
/** Strings up to this many chars are copied by shortText when ASCII. */
const SHORT = 64;

/**
 * contentHash of an array given as its length, then its items a batch at a time: the same hash as of the whole
 * array, without holding it (a publication's frozen results are ~250 MB at commune scale).
 */
export async function contentHashOfBatches(count: number, batches: AsyncIterable<unknown[]>): Promise<string> {
  const hash = new ContentHashOfItems(count);
  for await (const batch of batches) for (const item of batch) hash.add(item);
  return hash.digest();
}

/** contentHashWithBatches's head: the object's other fields, and the key of the array, which must sort after them. */
export interface ItemsIn {
  head: Record<string, unknown>;
  key: string;
}

/**
 * contentHash of `{ ...head, [key]: items }`, the items given as their count, then a batch at a time: `key` must sort
 * after every key of `head`, where the canonical form puts the array last.
 */
export async function contentHashWithBatches(head: Record<string, unknown>, key: string, count: number, batches: AsyncIterable<unknown[]>): Promise<string> {
  const hash = new ContentHashOfItems(count, { head, key });
  for await (const batch of batches) for (const item of batch) hash.add(item);
  return hash.digest();
}

/**
 * contentHash of an array of `count` items (or of an object holding it, see ItemsIn), the items given one by one as
 * they come: for a writer that hashes what it writes, where a reader of batches cannot be handed over.
 */
export class ContentHashOfItems {
  private readonly writer = new HashWriter(createHash('sha256'));
  private added = 0;

  constructor(private readonly count: number, within?: ItemsIn) {
    if (within) {
      const { head, key } = within;
      const keys = sortedKeys(head).filter((k) => !skipped(head[k]));
      if (keys.some((k) => k >= key)) throw new Error(`ContentHashOfItems: ${key} must sort after the other keys`);
      this.writer.objectHeader(keys.length + 1);
      for (const k of keys) {
        this.writer.key(k);
        this.writer.value(head[k]);
      }
      this.writer.key(key);
    }
    this.writer.arrayHeader(count);
  }

  add(item: unknown): void {
    this.added++;
    this.writer.value(item);
  }

  /** The hash; of other content (never equal to the whole array's) when more or fewer items came than counted. */
  digest(): string {
    if (this.added !== this.count) return `${this.added} of ${this.count} items`;
    return this.writer.digest();
  }
}

/** Writes the form into a buffer, handed to the hash each time it fills. */
class HashWriter {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private readonly view = new DataView(this.buffer.buffer, this.buffer.byteOffset, CHUNK);
  private at = 0;

  constructor(private readonly hash: Hash) {}

  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  /** An array's tag and item count; its items follow, each by value(). */
  arrayHeader(count: number): void {
    this.tag(Tag.Array);
    this.uint32(count);
  }

  /** An object's tag and key count; its keys follow, each by key() then value(), in sorted order. */
  objectHeader(count: number): void {
    this.tag(Tag.Object);
    this.uint32(count);
  }

  key(name: string): void {
    this.text(name);
  }

  value(value: unknown): void {
    switch (typeof value) {
      case 'number':
        if (!Number.isFinite(value)) return this.tag(Tag.Null);
        this.room(9);
        this.buffer[this.at++] = Tag.Number;
        // value + 0 is +0 for -0, as JSON writes it.
        this.view.setFloat64(this.at, value + 0, true);
        this.at += 8;
        return;
      case 'string':
        this.tag(Tag.String);
        return this.text(value);
      case 'boolean':
        return this.tag(value ? Tag.True : Tag.False);
      case 'bigint':
        throw new TypeError('Do not know how to hash a BigInt');
      case 'object':
        break;
      default:
        return this.tag(Tag.Null);
    }
    if (value === null) return this.tag(Tag.Null);
    if (value instanceof Date) {
      this.tag(Tag.String);
      return this.text(value.toJSON());
    }
    if (Array.isArray(value)) {
      this.arrayHeader(value.length);
      for (const item of value as unknown[]) this.value(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    let count = 0;
    for (const key of keys) if (!skipped(record[key])) count++;
    this.tag(Tag.Object);
    this.uint32(count);
    for (const key of keys) {
      const item = record[key];
      if (skipped(item)) continue;
      this.text(key);
      this.value(item);
    }
  }

  private tag(tag: Tag): void {
    this.room(1);
    this.buffer[this.at++] = tag;
  }

  private uint32(n: number): void {
    this.room(4);
    this.view.setUint32(this.at, n, true);
    this.at += 4;
  }

  /** A string's UTF-8 bytes after their length. */
  private text(s: string): void {
    // At most 3 bytes per UTF-16 unit; a longer string than a chunk goes to the hash on its own.
    if (s.length * 3 + 4 > CHUNK) {
      const bytes = Buffer.from(s, 'utf8');
      this.uint32(bytes.length);
      this.flush();
      this.hash.update(bytes);
      return;
    }
    this.room(s.length * 3 + 4);
    const written = s.length <= SHORT ? this.shortText(s) : -1;
    if (written >= 0) {
      this.view.setUint32(this.at, written, true);
      this.at += 4 + written;
      return;
    }
    const bytes = this.buffer.write(s, this.at + 4, 'utf8');
    this.view.setUint32(this.at, bytes, true);
    this.at += 4 + bytes;
  }

  /**
   * A short ASCII string's bytes (its UTF-8 ones) copied a char at a time after the length's place; -1, nothing
   * kept, for one with another char. Most strings hashed are keys and codes, millions of them at commune scale, for
   * which Buffer.write's call into C++ costs more than the copy.
   */
  private shortText(s: string): number {
    const at = this.at + 4;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return -1;
      this.buffer[at + i] = c;
    }
    return s.length;
  }

  private room(bytes: number): void {
    if (this.at + bytes > CHUNK) this.flush();
  }

  private flush(): void {
    if (!this.at) return;
    this.hash.update(this.buffer.subarray(0, this.at));
    this.at = 0;
  }
}

/**
 * An object's keys in code-unit order, remembered by shape (codeUnitOrders: a stored result's come back from jsonb
 * unsorted); an object built in that order already is not looked up.
 */
function sortedKeys(record: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return codeUnitOrders.of(keys);
  return keys;
}

/** Whether a field is left out (as JSON.stringify leaves it out). */
const skipped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';
