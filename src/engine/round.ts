/**
 * Rounds to `digits` decimals, half away from zero, on the decimal value people see: the number is first cut to
 * 15 significant digits (what a double holds reliably), so 0.1 + 0.2 and 0.3 round alike and 2.675 becomes 2.68,
 * not 2.67 as Math.round(x * 100) / 100 gives on its binary value. Ties in ranks depend on this.
 */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const clean = Number(x.toPrecision(15));
  const sign = clean < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(clean)}e${digits}`));
  const r = sign * Number(`${shifted}e-${digits}`);
  return r === 0 ? 0 : r;
}
