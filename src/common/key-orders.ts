/** Shapes remembered per first key: a unit's answers differ from the last unit's by the ones it left out. */
const PER_FIRST_KEY = 4;

/**
 * The order given to the keys of objects met lately, remembered by their keys: a publication hashes and writes
 * millions of objects of a few shapes (a unit's nodes, a node's record), whose keys come in the same order each time
 * (as PostgreSQL's jsonb gives them back: by length, then bytes, not sorted). Checking that they do, each key against
 * the one remembered (the same strings), costs less than sorting them again. A few shapes are kept per first key,
 * the oldest replaced, so that objects of a shape met once (each unit's answers) neither pile up nor make the scan long.
 */
export class KeyOrders {
  private readonly byFirstKey = new Map<string, { shapes: Array<{ keys: readonly string[]; ordered: readonly string[] }>; next: number }>();

  constructor(
    private readonly order: (keys: string[]) => string[],
    /** First keys remembered; all are forgotten when one more comes. */
    private readonly max = 1024,
  ) {}

  /** `keys` (an object's, as Object.keys gives them) in the order; the array returned is shared: not to be changed. */
  of(keys: readonly string[]): readonly string[] {
    const known = this.byFirstKey.get(keys[0]);
    if (known) {
      for (const shape of known.shapes) if (sameKeys(shape.keys, keys)) return shape.ordered;
    }
    const ordered = this.order([...keys]);
    const shape = { keys, ordered };
    if (!known) {
      if (this.byFirstKey.size >= this.max) this.byFirstKey.clear();
      this.byFirstKey.set(keys[0], { shapes: [shape], next: 1 });
    } else {
      known.shapes[known.next++ % PER_FIRST_KEY] = shape;
    }
    return ordered;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Keys in code-unit order, one cache shared by contentHash and canonicalJson (whose order it is when no key is an
 * array index): a publication hashes each unit as the run hashed it and then writes it, and a unit's answers come in
 * an order of their own (jsonb's, then the overlays' keys added at the end), so the second walk finds the order the
 * first one sorted instead of sorting again.
 */
export const codeUnitOrders = new KeyOrders((keys) => keys.sort());
