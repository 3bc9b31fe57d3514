import { canonicalHash, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'Đà Nẵng' } })).toBe('{"a":{"c":"Đà Nẵng","d":[3,1]},"b":1}');
  });

  it('gives one hash for the same content written in another key order, another for other content', () => {
    expect(canonicalHash({ x: 1, y: [1, 2] })).toBe(canonicalHash({ y: [1, 2], x: 1 }));
    expect(canonicalHash({ x: 1, y: [1, 2] })).not.toBe(canonicalHash({ x: 1, y: [2, 1] }));
  });

  it('drops undefined fields like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});
