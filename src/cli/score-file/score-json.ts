import type { ScoreCell, ScoreTable } from './write-score-file';

/** One unit of `score --json`: numbers as numbers (on the index's scale, to the framework's precision), null when none. */
export interface ScoreJsonUnit {
  rank: number | null;
  group?: string;
  groupRank?: number | null;
  code: string;
  name: string;
  index: number | null;
  nodes: Record<string, number | null>;
  pillars: Record<string, number | null>;
  note: string;
}

const numberOrNull = (cell: ScoreCell): number | null => (typeof cell === 'number' ? cell : null);

/** The table's rows as objects, read by the columns' keys (so that a rank-within column or a pillar moves nothing). */
export function scoreJsonUnits(table: ScoreTable): ScoreJsonUnit[] {
  return table.rows.map((row) => {
    const unit: ScoreJsonUnit = { rank: null, code: '', name: '', index: null, nodes: {}, pillars: {}, note: '' };
    table.columns.forEach((column, i) => {
      const cell = row[i];
      const key = column.key ?? '';
      if (key === 'rank' || key === 'index' || key === 'groupRank') unit[key] = numberOrNull(cell);
      else if (key === 'group' || key === 'code' || key === 'name' || key === 'note') unit[key] = String(cell ?? '');
      else if (key.startsWith('node:')) unit.nodes[key.slice(5)] = numberOrNull(cell);
      else if (key.startsWith('pillar:')) unit.pillars[key.slice(7)] = numberOrNull(cell);
    });
    return unit;
  });
}
