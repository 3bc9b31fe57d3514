/**
 * Availability screening on the raw data (before imputation, which would make every unit complete): the share of
 * leaf values present per unit; units below the threshold are left out of the run.
 */
export function availability(present: ArrayLike<number>, leafCount: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < present.length; i++) out.push(leafCount === 0 ? 1 : present[i] / leafCount);
  return out;
}
