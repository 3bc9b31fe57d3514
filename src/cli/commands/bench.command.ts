import { benchEngine, type BenchFigure } from '../../bench/engine.bench';

const SUITES: Record<string, () => Promise<BenchFigure[]>> = {
  engine: () => benchEngine(),
};

function format(n: number | undefined, digits = 1): string {
  return n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Runs the named benchmark suites (all by default) and prints each figure beside its floor and the ratio. */
export async function benchCommand(names: string[]): Promise<void> {
  const selected = names.length > 0 ? names : Object.keys(SUITES);
  const unknown = selected.filter((n) => !SUITES[n]);
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  const rows: string[][] = [['suite', 'figure', 'value', 'unit', 'floor', 'ratio']];
  for (const name of selected) {
    for (const f of await SUITES[name]()) {
      rows.push([name, f.name, format(f.value), f.unit, format(f.floor), f.ratio === undefined ? '' : `${format(f.ratio, 2)}×`]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c >= 2 && c !== 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
