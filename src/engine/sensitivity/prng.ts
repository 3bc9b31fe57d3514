/**
 * xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 − 1, 32-bit arithmetic only (Math.imul),
 * so a JavaScript run reproduces the reference C code bit for bit. Chosen over Math.random (not seedable) and over a
 * library (none of the well-kept ones offers both this generator and seeded independent streams in 40 lines).
 *
 * Streams: a Monte Carlo run gives every (row, source) of its design a stream of its own, seeded from
 * (seed, domain, stream) through SplitMix32-style mixing, so a draw does not depend on how many numbers another
 * source consumed, and the A and A_B^i matrices of a Saltelli design share their draws exactly.
 */
export class Prng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed = 0, stream = 0, domain = 0) {
    this.reseed(seed, stream, domain);
  }

  /** A generator with this exact state (the reference test vectors start from a raw state). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    const p = new Prng();
    p.setState(s0, s1, s2, s3);
    return p;
  }

  /** Puts the generator at the start of stream `stream` of `seed` (no allocation: Monte Carlo loops reuse one). */
  reseed(seed: number, stream = 0, domain = 0): this {
    if (!Number.isInteger(seed) || !Number.isInteger(stream) || !Number.isInteger(domain)) {
      throw new RangeError(`Prng: seed, stream and domain must be integers (got ${seed}, ${stream}, ${domain})`);
    }
    // Mix each key on its own before combining, so neighbouring seeds and streams start far apart.
    let z = mix32((seed >>> 0) ^ 0x9e3779b9);
    z = mix32((z ^ Math.floor(seed / 0x100000000)) + 0x7f4a7c15);
    z = mix32(z ^ (domain >>> 0) ^ 0x85ebca6b);
    z = mix32((z + (stream >>> 0)) | 0);
    z = mix32(z ^ Math.floor(stream / 0x100000000));
    const a = splitmix32(z);
    const b = splitmix32(a.next);
    const c = splitmix32(b.next);
    const d = splitmix32(c.next);
    this.setState(a.value, b.value, c.value, d.value);
    return this;
  }

  private setState(s0: number, s1: number, s2: number, s3: number): void {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    // The all-zero state is the one state xoshiro cannot leave.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit output, 0..2^32 − 1. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits (two outputs). */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in 0..n − 1 (n ≤ 2^32), without modulo bias (Lemire's rejection on the low word). */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= 0x100000000 && Number.isInteger(n))) throw new RangeError(`Prng.nextInt: bad bound ${n}`);
    if (n === 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** One step of a 32-bit SplitMix: the Weyl sequence + 0x9e3779b9, then a finaliser. */
function splitmix32(state: number): { value: number; next: number } {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return { value: (z ^ (z >>> 15)) >>> 0, next };
}
