import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ContentHashOfItems, contentHash, contentHashOfBatches, contentHashWithBatches } from './content-hash';

const length = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const sha = (bytes: number[] | Buffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Small random values, so that equal ones come up often. */
function randomValue(next: () => number, depth: number): unknown {
  switch (Math.floor(next() * (depth > 2 ? 5 : 8))) {
    case 0:
      return null;
    case 1:
      return [true, false, undefined][Math.floor(next() * 3)];
    case 2:
      return [0, -0, 1, 0.5, NaN, Infinity, 1e21][Math.floor(next() * 7)];
    case 3:
      return ['', '1', 'Đà Nẵng', 'ab', 'a'][Math.floor(next() * 5)];
    case 4:
      return new Date(Date.UTC(2025, 0, 1 + Math.floor(next() * 2)));
    case 5:
    case 6: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 3); i > 0; i--) object[['b', 'a', '2', 'Đ'][Math.floor(next() * 4)]] = randomValue(next, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 3) }, () => randomValue(next, depth + 1));
  }
}

/** The same value with every object's keys inserted in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

describe('contentHash', () => {
  it('hashes the documented binary form', () => {
    expect(contentHash(null)).toBe(sha([0]));
    expect(contentHash([true, false])).toBe(sha([5, 2, 0, 0, 0, 2, 1]));
    const one = Buffer.alloc(8);
    one.writeDoubleLE(1);
    expect(contentHash({ a: 1 })).toBe(sha(Buffer.concat([Buffer.from([6, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 3]), one])));
    expect(contentHash('Đ')).toBe(sha([4, 2, 0, 0, 0, 0xc4, 0x90]));
  });

  it('hashes a string as its UTF-8 bytes whatever its length and wherever a non-ASCII char is (short ones are copied apart)', () => {
    const stringForm = (s: string) => Buffer.concat([Buffer.from([4]), length(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);
    for (const n of [0, 1, 63, 64, 65, 200]) {
      for (const s of ['a'.repeat(n), 'Đ' + 'a'.repeat(n), 'a'.repeat(n) + 'ộ', 'a'.repeat(n) + '\u007f', 'a'.repeat(n) + '\u0080', 'a'.repeat(n) + '😀']) {
        expect(contentHash(s)).toBe(sha(stringForm(s)));
      }
    }
    // A short string given up at a non-ASCII char leaves nothing of its ASCII start behind.
    const strings = ['abc', 'abĐ', 'ab'];
    expect(contentHash(strings)).toBe(sha(Buffer.concat([Buffer.from([5]), length(3), ...strings.map(stringForm)])));
  });

  it('tells apart values that only look alike', () => {
    const values = [null, 0, '0', false, [], {}, [null], ['ab'], ['a', 'b'], { a: 'b' }, ['a', 'b', 'c'], { a: { b: 1 } }, { 'a.b': 1 }];
    expect(new Set(values.map(contentHash)).size).toBe(values.length);
  });

  it('is equal exactly when the canonical JSON is equal, whatever the key order (3,000 random pairs)', () => {
    const next = seeded(42);
    let equalPairs = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = randomValue(next, 0);
      const b = next() < 0.3 ? reversedKeys(a) : randomValue(next, 0);
      const sameJson = canonicalJson(a) === canonicalJson(b);
      if (sameJson) equalPairs++;
      if ((contentHash(a) === contentHash(b)) !== sameJson) disagreements.push(`${canonicalJson(a)} vs ${canonicalJson(b)}`);
    }
    expect(disagreements).toEqual([]);
    expect(equalPairs).toBeGreaterThan(500);
  });

  it('hashes strings and values longer than its buffer', () => {
    const long = 'Đ'.repeat(600_000);
    expect(contentHash(long)).toBe(sha(Buffer.concat([Buffer.from([4]), length(1_200_000), Buffer.from(long)])));
    const many = Array.from({ length: 200_000 }, (_, i) => i / 3);
    expect(contentHash(many)).not.toBe(contentHash([...many.slice(0, -1), 0]));
    expect(contentHash(many)).toBe(contentHash([...many]));
  });
});

describe('contentHashOfBatches', () => {
  async function* inBatches<T>(items: T[], size: number): AsyncGenerator<T[]> {
    for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
  }

  it('is the contentHash of the whole array, whatever the batches (a publication check streams its rows)', async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => ({ code: `${i}`, nameVi: `Xã Đắk ${i}`, value: i / 7, notes: i % 3 ? [] : [{ kind: 'x' }] }));
    for (const size of [1, 7, 500, 5_000]) expect(await contentHashOfBatches(items.length, inBatches(items, size))).toBe(contentHash(items));
    expect(await contentHashOfBatches(0, inBatches([], 1))).toBe(contentHash([]));
    expect(await contentHashOfBatches(items.length, inBatches(items.slice(1), 10))).not.toBe(contentHash(items));
  });
});

describe('contentHashWithBatches and ContentHashOfItems (an object whose last key is an array given item by item)', () => {
  async function* inBatches<T>(items: T[], size: number): AsyncGenerator<T[]> {
    for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
  }
  const units = Array.from({ length: 300 }, (_, i) => ({ code: `X${i}`, values: { b: i / 3, a: null }, ranked: i % 2 === 0 }));
  const head = { parameters: { rankNodes: 'groups', rankWithin: undefined }, framework: 'abc' };

  it('is the contentHash of the whole object, whatever the batches', async () => {
    const whole = contentHash({ ...head, units });
    for (const size of [1, 13, 1_000]) expect(await contentHashWithBatches(head, 'units', units.length, inBatches(units, size))).toBe(whole);
    const hash = new ContentHashOfItems(units.length, { head, key: 'units' });
    for (const unit of units) hash.add(unit);
    expect(hash.digest()).toBe(whole);
  });

  it('is another hash when fewer or more items come than counted, and refuses a key that does not sort last', async () => {
    const short = new ContentHashOfItems(units.length, { head, key: 'units' });
    for (const unit of units.slice(1)) short.add(unit);
    expect(short.digest()).not.toBe(contentHash({ ...head, units }));
    await expect(contentHashWithBatches(head, 'a', 0, inBatches([], 1))).rejects.toThrow('must sort after');
  });
});
