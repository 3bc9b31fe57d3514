/**
 * Rounds to `digits` decimals, half away from zero, on the decimal value people see: 2.675 (stored as
 * 2.67499999...) becomes 2.68 and 0.1 + 0.2 rounds like 0.3, where Math.round(x * 100) / 100 goes by the binary
 * value. Ties in ranks depend on this. Only values within a hair of a half go through the exact decimal path.
 */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = POWERS[digits] ?? 10 ** digits;
  const y = Math.abs(x) * f;
  const frac = y - Math.floor(y);
  let r: number;
  if (Math.abs(frac - 0.5) > 1e-7 || y > 1e15) {
    r = Math.round(y) / f;
  } else {
    // 15 significant digits: what a double holds reliably; the rest is binary noise.
    const clean = Number(Math.abs(x).toPrecision(15));
    r = Number(`${Math.round(Number(`${clean}e${digits}`))}e-${digits}`);
  }
  return x < 0 && r !== 0 ? -r : r;
}

const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);
