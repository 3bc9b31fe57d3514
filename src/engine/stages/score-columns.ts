import type { NodeColumns } from '../aggregate';
import { scorePillars } from '../pillars';
import type { Plan } from '../plan';
import type { ScoreResult, StageTable, UnitNote } from '../types';
import { aggregateNodes } from './aggregate';
import type { ScoreColumns, ScoreOverrides } from './columns';
import { normaliseLeaves } from './normalise';
import { rankStage } from './ranks';
import { scoreResult, unitResults } from './results';
import { withOverrides } from './overrides';

/**
 * The stages that weights and methods decide: normalise, aggregate, pillars, ranks, results. The columns are left
 * as they were (the run copies the notes it adds to), so they can be scored again, e.g. once per sample of an
 * uncertainty analysis. With no overrides this is scorePlan's result, bit for bit.
 */
export function scoreColumns(plan: Plan, columns: ScoreColumns, overrides?: ScoreOverrides): ScoreResult {
  return laterStages(
    withOverrides(plan, overrides),
    columns,
    columns.notes.map((list) => list.slice()),
  );
}

/** scoreColumns, adding to `notes` in place: scorePlan's columns are its own, so it need not copy them. */
export function laterStages(plan: Plan, columns: ScoreColumns, notes: UnitNote[][]): ScoreResult {
  const { n, constant, options } = columns;
  const nodeCols = new Array<NodeColumns>(plan.nodes.length);
  const normalised: StageTable | undefined = columns.stages ? {} : undefined;
  normaliseLeaves(plan, columns, nodeCols, notes, normalised);
  aggregateNodes(plan, nodeCols, n, constant);
  const pillars = scorePillars(plan, nodeCols, n);
  const ranks = rankStage(plan, columns.units, nodeCols, pillars, options);
  const units = unitResults(plan, columns, nodeCols, pillars, ranks, notes);
  return scoreResult(plan, units, ranks.ranked.rankedCount, columns, normalised);
}
