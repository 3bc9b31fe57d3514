import type { CliOutput } from '../output/cli-output';

/** What the demo's tables read of a public ranking's row. */
export interface DemoRankingRow {
  rank: number | null;
  code: string;
  nameVi: string;
  nameEn: string | null;
  index: number | null;
  previous: { rank: number | null; rankChange: number | null } | null;
}

/** An index in the output's language, four decimals: 0,9280 (vi) or 0.9280 (en). */
export const demoIndex = (out: CliOutput, value: number | null | undefined): string => (value === null || value === undefined ? '-' : out.number(value, 4));

/**
 * A ranking's rows as the demo prints them at its end, in the output's language: rank, code, unit, index, last year's
 * rank and the change (▲ 2, ▼ 1, =), each column as wide as its widest cell or heading.
 */
export function demoRankingTable(out: CliOutput, rows: DemoRankingRow[], unitHeader: string): string[] {
  const { table, named, previousRank } = out.words.demo;
  const cells = rows.map((row) => {
    const change = row.previous?.rankChange;
    const arrow = change === null || change === undefined ? '' : change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=';
    return [String(row.rank ?? '-'), row.code, named(row), demoIndex(out, row.index), row.previous?.rank ? previousRank(out.number(row.previous.rank)) : '-', arrow];
  });
  const headers = [table.rank, table.code, unitHeader, table.index, table.previous, table.change];
  const widths = headers.map((h, column) => Math.max(h.length, ...cells.map((c) => c[column].length)));
  const line = (c: string[], rankRight: boolean) =>
    `  ${[rankRight ? c[0].padStart(widths[0]) : c[0].padEnd(widths[0]), ...c.slice(1, 5).map((cell, i) => cell.padEnd(widths[i + 1])), c[5]].join('  ')}`.trimEnd();
  return [line(headers, false), ...cells.map((c) => line(c, true))];
}
