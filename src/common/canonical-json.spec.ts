import { createHash } from 'node:crypto';
import { canonicalHash, canonicalJson, canonicallyEqual, StreamedArray } from './canonical-json';

/** The definition: JSON.stringify of a copy with the keys sorted at every depth (the first implementation). */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.keys(v)
          .filter((key) => (v as Record<string, unknown>)[key] !== undefined)
          .sort()
          .map((key) => [key, sortKeys((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** A deterministic pseudo-random value of every JSON shape (and the odd things JSON.stringify meets). */
function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 7 : 10));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return [0, -0, 1.5, -1e-7, 1e21, 123456789.12345679, NaN, Infinity, -Infinity, 0.1 + 0.2][Math.floor(next() * 10)];
    case 3:
      return ['', 'Đà Nẵng', 'a"b\\c', '\u0000\u001f\u2028', 'Hà Nội\n', '=SUM(A1)', '😀'][Math.floor(next() * 7)];
    case 4:
      return undefined;
    case 5:
      return new Date(Date.UTC(2025, 6, 1, Math.floor(next() * 24)));
    case 6:
      return Math.floor(next() * 1000) / 7;
    case 7:
    case 8: {
      const keys = ['b', 'a', 'ä', 'A', '10', '2', '01', '4294967295', '#1', ' ', 'z_z', 'Đ', 'nodes', 'value'];
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) object[keys[Math.floor(next() * keys.length)]] = randomValue(next, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
  }
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'Đà Nẵng' } })).toBe('{"a":{"c":"Đà Nẵng","d":[3,1]},"b":1}');
  });

  it('gives one hash for the same content written in another key order, another for other content', () => {
    expect(canonicalHash({ x: 1, y: [1, 2] })).toBe(canonicalHash({ y: [1, 2], x: 1 }));
    expect(canonicalHash({ x: 1, y: [1, 2] })).not.toBe(canonicalHash({ x: 1, y: [2, 1] }));
  });

  it('drops undefined fields like JSON does, and writes null for them in arrays', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, () => 1, NaN, -0] })).toBe('{"b":null,"c":[null,null,null,0]}');
  });

  it('writes exactly the text of JSON.stringify of a key-sorted copy, for 2,000 random values of every shape', () => {
    const next = seeded(20261127);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      if (value === undefined) continue;
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('hashes a large value in pieces to the sha256 of its whole text', () => {
    const next = seeded(7);
    const units = Array.from({ length: 3000 }, (_, i) => ({ code: `U${i}`, nodes: Object.fromEntries(Array.from({ length: 20 }, (__, j) => [`N${j}`, { value: next(), rank: j }])) }));
    const whole = reference(units);
    expect(whole.length).toBeGreaterThan(200_000);
    expect(canonicalHash(units)).toBe(createHash('sha256').update(whole).digest('hex'));
  });
});

/** A copy of a value with each record's keys in reverse order, and the given change made at one random place. */
function copyOf(value: unknown, next: () => number, change: (v: unknown) => unknown): unknown {
  let changed = false;
  const copy = (v: unknown): unknown => {
    if (!changed && next() < 0.15) {
      changed = true;
      return change(v);
    }
    if (Array.isArray(v)) return v.map(copy);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, copy((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return copy(value);
}

describe('canonicallyEqual', () => {
  it('says what the texts’ equality says, for 4,000 pairs of random values, copies and near copies', () => {
    const next = seeded(20261207);
    // Changes that keep the text (the same value another way) and changes that do not.
    const changes: Array<(v: unknown) => unknown> = [
      (v) => (typeof v === 'number' && v === 0 ? -0 : v),
      (v) => (v === null ? NaN : v),
      (v) => (v instanceof Date ? v.toJSON() : v),
      (v) => (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? { ...v, added: undefined } : v),
      (v) => (Array.isArray(v) ? [...v, 1] : v),
      (v) => (typeof v === 'number' ? v + 1 : v),
      (v) => (typeof v === 'string' ? v + 'x' : v),
      (v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, added: 1 } : v),
      () => randomValue(next, 2),
    ];
    let equal = 0;
    let unequal = 0;
    for (let i = 0; i < 4000; i++) {
      const a = randomValue(next, 0);
      const b = i % 4 === 0 ? randomValue(next, 0) : copyOf(a, next, changes[Math.floor(next() * changes.length)]);
      const same = canonicalJson(a) === canonicalJson(b);
      expect(canonicallyEqual(a, b)).toBe(same);
      expect(canonicallyEqual(b, a)).toBe(same);
      if (same) equal++;
      else unequal++;
    }
    // Both answers were met often enough for the comparison to say something.
    expect(Math.min(equal, unequal)).toBeGreaterThan(500);
  });

  it('takes -0 for 0, NaN and the infinities for null, a date for its text, and a field left undefined for no field', () => {
    expect(canonicallyEqual({ a: 0, b: [NaN, undefined] }, { b: [null, null], a: -0 })).toBe(true);
    expect(canonicallyEqual(new Date(Date.UTC(2025, 0, 1)), '2025-01-01T00:00:00.000Z')).toBe(true);
    expect(canonicallyEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(canonicallyEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(canonicallyEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(canonicallyEqual('1', 1)).toBe(false);
    expect(() => canonicallyEqual(1n, 1n)).toThrow(TypeError);
  });

  it('agrees with the texts on holes, functions, symbols, inherited and hidden fields, and an invalid date', () => {
    const pairs: Array<[unknown, unknown]> = [
      // eslint-disable-next-line no-sparse-arrays
      [[, 1], [null, 1]],
      [{ f() {}, a: 1 }, { a: 1 }],
      [[Symbol('s'), () => 1], [null, null]],
      [Object.create({ a: 1 }), {}],
      [Object.defineProperty({}, 'a', { value: 1 }), {}],
      [{ a: 1 }, Object.create({ a: 1 })],
      [{ a: 1 }, Object.defineProperty({}, 'a', { value: 1 })],
      [new Date(NaN), null],
      [{ b: undefined, a: [undefined] }, { a: [null] }],
    ];
    for (const [a, b] of pairs) {
      const same = canonicalJson(a) === canonicalJson(b);
      expect([canonicallyEqual(a, b), canonicallyEqual(b, a)]).toEqual([same, same]);
    }
    // Those the texts call equal and those they do not, both met.
    expect(pairs.filter(([a, b]) => canonicalJson(a) === canonicalJson(b))).toHaveLength(7);
  });

  it('refuses a streamed array as canonicalJson does, instead of leaving it out of the text', () => {
    expect(() => canonicalJson({ a: new StreamedArray('units') })).toThrow(TypeError);
    expect(() => canonicallyEqual({ a: new StreamedArray('units') }, { a: 1 })).toThrow(TypeError);
  });
});
