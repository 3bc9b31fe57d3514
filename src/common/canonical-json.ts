import { createHash, type Hash } from 'node:crypto';
import { codeUnitOrders, KeyOrders } from './key-orders';

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the same text, so
 * its sha256 identifies the content (framework versions, score inputs, publications).
 *
 * Written directly, piece by piece, rather than as JSON.stringify of a key-sorted copy: the text is exactly what
 * that gives (canonical-json.spec.ts compares them), but a commune-scale run's inputs and results (tens of MB) are
 * hashed without building the copy or the whole text, several times faster.
 */
export function canonicalJson(value: unknown): string {
  // A sink without `streamed`: a StreamedArray in the value is refused, not left out of the text.
  const out: Sink = { text: '', flush: () => undefined };
  writeValue(value, out, true);
  return out.text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 of the canonical JSON of a value, hashed as it is written. */
export function canonicalHash(value: unknown): string {
  const out = new HashSink(createHash('sha256'));
  writeValue(value, out, true);
  return out.digest();
}

/**
 * A value too large to hold, standing in an array's place: canonicalJsonParts leaves a gap there, which the caller
 * fills with the array's items as it reads them (a publication's inputs and results, read a batch at a time).
 */
export class StreamedArray {
  constructor(readonly name: string) {}
}

/**
 * The canonical JSON of a value in pieces: text, and a StreamedArray wherever the value holds one (the gap is the
 * whole array, brackets included). The text of the value with each gap written as `[` + the items' canonicalJson
 * joined by commas + `]` is canonicalJson of the value with the arrays in place: same keys, same order.
 */
export function canonicalJsonParts(value: unknown): (string | StreamedArray)[] {
  const out = new TextSink();
  writeValue(value, out, true);
  out.parts.push(out.text);
  return out.parts;
}

interface Sink {
  text: string;
  flush(): void;
  streamed?(array: StreamedArray): void;
}

class TextSink implements Sink {
  text = '';
  readonly parts: (string | StreamedArray)[] = [];
  flush(): void {}
  streamed(array: StreamedArray): void {
    this.parts.push(this.text, array);
    this.text = '';
  }
}

/** Feeds the hash in pieces of about 64 KiB, so the whole text never exists at once. */
class HashSink implements Sink {
  text = '';
  constructor(private readonly hash: Hash) {}
  flush(): void {
    if (this.text.length < 65_536) return;
    this.hash.update(this.text);
    this.text = '';
  }
  digest(): string {
    this.hash.update(this.text);
    return this.hash.digest('hex');
  }
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const startsWithDigit = (key: string): boolean => key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57;
const isArrayIndex = (key: string): boolean => ARRAY_INDEX.test(key) && Number(key) < 4_294_967_295;

/**
 * The keys in the order of the definition (JSON.stringify of an object built from the sorted keys): JavaScript puts
 * array-index keys ("2", "10") first, in numeric order, then the others as sorted.
 */
function sortKeys(keys: string[]): string[] {
  keys.sort();
  if (!keys.some(startsWithDigit)) return keys;
  const indexes = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return indexes.length === keys.length ? indexes : [...indexes, ...keys.filter((k) => !isArrayIndex(k))];
}

/**
 * The keys of the objects met lately in the definition's order, for those with a key starting with a digit (KeyOrders:
 * the same shapes come millions of times); the others' order is code-unit order, remembered in the cache contentHash
 * shares (codeUnitOrders).
 */
const orders = new KeyOrders(sortKeys);

/** An object's keys in the definition's order; those of an object built in that order already are not looked up. */
function sortedKeys(record: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    // A key starting with a digit may be an array index, which the definition puts first: sortKeys decides.
    if (startsWithDigit(keys[i])) return orders.of(keys);
    if (i > 0 && keys[i - 1] >= keys[i]) inOrder = false;
  }
  // No key starting with a digit, so no array index: the definition's order is code-unit order.
  return inOrder ? keys : codeUnitOrders.of(keys);
}

/** Each key as JSON writes it, quoted and escaped, kept: the same few thousand keys come millions of times. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED = 65_536;

function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size >= MAX_QUOTED) quotedKeys.clear();
    quotedKeys.set(key, text);
  }
  return text;
}

/** Whether JSON.stringify leaves a property out (and writes null for it in an array). */
const skipped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function writeValue(value: unknown, out: Sink, top = false): void {
  switch (typeof value) {
    case 'string':
      out.text += JSON.stringify(value);
      return;
    case 'number':
      out.text += Number.isFinite(value) ? String(value) : 'null';
      return;
    case 'boolean':
      out.text += value ? 'true' : 'false';
      return;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      // undefined, a function or a symbol: skipped by the callers inside; alone, null (JSON.stringify gives no text).
      if (top) out.text += 'null';
      return;
  }
  if (value === null) {
    out.text += 'null';
  } else if (value instanceof Date) {
    out.text += JSON.stringify(value);
  } else if (value instanceof StreamedArray) {
    if (!out.streamed) throw new TypeError(`the streamed array ${value.name} is written by canonicalJsonParts only`);
    out.streamed(value);
  } else if (Array.isArray(value)) {
    out.text += '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out.text += ',';
      const item: unknown = value[i];
      if (skipped(item)) out.text += 'null';
      else writeValue(item, out);
    }
    out.text += ']';
    out.flush();
  } else {
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    out.text += '{';
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (skipped(item)) continue;
      out.text += first ? quoted(key) + ':' : ',' + quoted(key) + ':';
      first = false;
      writeValue(item, out);
    }
    out.text += '}';
  }
}

/** A compound value (array or record) in canonicallyEqual, against a scalar's own value. */
const COMPOUND = Symbol('compound');

/** What a non-compound value writes as (its JSON text's meaning): finite numbers, strings, booleans, null. */
function scalar(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 and 0 both write 0 (=== says so); NaN and ±Infinity write null.
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return value.toJSON();
      if (value instanceof StreamedArray) throw new TypeError(`the streamed array ${value.name} is written by canonicalJsonParts only`);
      return COMPOUND;
    default:
      // undefined, a function or a symbol: null where it is written at all (alone, in an array).
      return null;
  }
}

/**
 * Whether two values have the same canonical JSON (canonicalJson(a) === canonicalJson(b)), found without writing
 * either: a publication's verify compares each unit's 400-node result three ways, and the texts were most of what it
 * allocated. A BigInt or a StreamedArray met is refused as canonicalJson refuses it; one past the first difference
 * is not reached. canonical-json.spec.ts checks it against the texts' equality on random values and the edge cases.
 */
export function canonicallyEqual(a: unknown, b: unknown): boolean {
  const x = scalar(a);
  const y = scalar(b);
  if (x !== COMPOUND || y !== COMPOUND) return x === y;
  const array = Array.isArray(a);
  if (array !== Array.isArray(b)) return false;
  if (array) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!canonicallyEqual(left[i], right[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let written = 0;
  for (const key of Object.keys(left)) {
    const item = left[key];
    if (skipped(item)) continue;
    written++;
    if (!Object.prototype.propertyIsEnumerable.call(right, key) || skipped(right[key]) || !canonicallyEqual(item, right[key])) return false;
  }
  for (const key of Object.keys(right)) if (!skipped(right[key])) written--;
  return written === 0;
}
