import type { BenchFigure } from '../../bench/bench-figure';
import type { CliOutput } from '../output/cli-output';

/** A figure of a suite, as `dti bench` prints it and --json gives it. */
export interface BenchRow extends BenchFigure {
  suite: string;
}

/** A figure's name in the output's language, its numbers written the language's way (10.000×200 or 10,000×200). */
export function benchFigureName(row: BenchFigure, out: CliOutput): string {
  const params = Object.fromEntries(Object.entries(row.params ?? {}).map(([k, v]) => [k, out.number(v)]));
  return out.words.bench.figures[row.key](params);
}

/**
 * The figures as a table in the output's language: suite, figure, value, unit, floor, ratio; numbers right-aligned
 * with up to two decimals (1.234,57 in Vietnamese, 1,234.57 in English), the ratio as 1,36×. A figure that failed
 * says so in its value's place, and its reason is a line after the table.
 */
export function benchTable(rows: BenchRow[], out: CliOutput): string[] {
  const words = out.words.bench;
  const n = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '' : out.number(value, 0, 2));
  const h = words.headers;
  const cells = [
    [h.suite, h.figure, h.value, h.unit, h.floor, h.ratio],
    ...rows.map((r) => [
      r.suite,
      benchFigureName(r, out),
      r.failed === undefined ? n(r.value) : words.failed,
      words.units[r.unit],
      n(r.floor),
      r.ratio === undefined || Number.isNaN(r.ratio) ? '' : `${n(r.ratio)}×`,
    ]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((cell, c) => (c >= 2 && c !== 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const failures = rows.filter((r) => r.failed !== undefined).map((r) => words.failure(`${r.suite} ${benchFigureName(r, out)}`, r.failed!));
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line), ...(failures.length > 0 ? ['', ...failures] : [])];
}
