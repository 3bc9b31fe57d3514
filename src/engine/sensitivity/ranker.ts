import { competitionRanksInto } from '../rank';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;

/**
 * Standard competition ranks of many samples of the same size, faster than a comparison sort: the values' IEEE bits
 * are turned into unsigned keys that sort as the numbers do, and an LSD radix sort (six 11-bit digits, a digit every
 * key shares skipped) orders the units; ranks are then given in one pass, equal values sharing the best rank. Same
 * results as the engine's `competitionRanks` (the spec checks it); all buffers are allocated once.
 */
export class CompetitionRanker {
  private readonly values: Float64Array;
  private readonly bits: Uint32Array;
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly order: Uint32Array;
  private spare: Uint32Array;
  private spareB: Uint32Array;
  private readonly counts = new Uint32Array(BUCKETS);
  private readonly scratch: Float64Array;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
    this.bits = new Uint32Array(this.values.buffer);
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.order = new Uint32Array(size);
    this.spare = new Uint32Array(size);
    this.spareB = new Uint32Array(size);
    this.scratch = new Float64Array(size);
  }

  /** Ranks `values` (descending; ties share the best rank; a non-finite value gets 0) into `out`. */
  rank(values: ArrayLike<number>, out: Int32Array): Int32Array {
    const n = values.length;
    if (n !== this.size) throw new RangeError(`CompetitionRanker: ${n} values for a ranker of ${this.size}`);
    if (!LITTLE_ENDIAN) return competitionRanksInto(values, out, this.scratch);
    const vals = this.values;
    const bits = this.bits;
    const hi = this.hi;
    const lo = this.lo;
    const counts = this.counts;
    const order = this.order;
    let spare = this.spare;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        vals[m] = v + 0; // −0 → +0: they are equal and must share a rank
        order[m] = i;
        m++;
      } else out[i] = 0;
    }
    // Keys that sort as the numbers: flip the sign bit of positives, every bit of negatives. Stored by position k.
    for (let k = 0; k < m; k++) {
      const h = bits[2 * k + 1];
      const l = bits[2 * k];
      if (h & 0x80000000) {
        hi[k] = ~h >>> 0;
        lo[k] = ~l >>> 0;
      } else {
        hi[k] = (h | 0x80000000) >>> 0;
        lo[k] = l;
      }
    }
    // LSD radix sort of the positions 0..m−1 by (hi, lo): three digits of lo, then three of hi.
    for (let k = 0; k < m; k++) spare[k] = k;
    let pos = spare;
    spare = this.spareB;
    for (let pass = 0; pass < 6 && m > 0; pass++) {
      const keys = pass < 3 ? lo : hi;
      const shift = (pass % 3) * BITS;
      counts.fill(0);
      for (let k = 0; k < m; k++) counts[(keys[pos[k]] >>> shift) & MASK]++;
      if (counts[(keys[pos[0]] >>> shift) & MASK] === m) continue; // every key shares this digit
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const c = counts[b];
        counts[b] = sum;
        sum += c;
      }
      for (let k = 0; k < m; k++) {
        const p = pos[k];
        spare[counts[(keys[p] >>> shift) & MASK]++] = p;
      }
      const t = pos;
      pos = spare;
      spare = t;
    }
    // Descending: the last is first; equal keys share the rank of the first of them from the top.
    let rank = 1;
    let prevHi = 0;
    let prevLo = 0;
    for (let q = m - 1; q >= 0; q--) {
      const p = pos[q];
      const h = hi[p];
      const l = lo[p];
      if (q < m - 1 && (h !== prevHi || l !== prevLo)) rank = m - q;
      prevHi = h;
      prevLo = l;
      out[order[p]] = rank;
    }
    // Keep the two position buffers apart from `order` for the next call.
    this.spare = pos;
    this.spareB = spare;
    return out;
  }
}
