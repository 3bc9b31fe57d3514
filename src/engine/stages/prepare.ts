import { EngineInputError, type InputIssue } from '../errors';
import type { Plan } from '../plan';
import type { ScoreOptions, StageTable, TreatmentLog, UnitInput } from '../types';
import { constantColumns, type ScoreColumns, type WorkingSet } from './columns';
import { imputeColumns } from './impute';
import { ruleLeafValues } from './leaf-values';
import { parseUnits, type Parsed } from './parse';
import { availability } from '../pipeline/screen';
import { presentShare, screenUnits } from './screen';
import { keepStage } from './stage-table';
import { treatColumns } from './treat';

const byCode = (a: UnitInput, b: UnitInput): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The stages that do not depend on weights, aggregation or normalisation: parse (refusing bad values, all at
 * once), screen, impute, treat, and the rule leaves' values. Score the columns with scoreColumns, as often as needed.
 */
export function prepareColumns(plan: Plan, input: readonly UnitInput[], options: ScoreOptions = {}): ScoreColumns {
  // Sorting first makes every later sum run in the same order whatever order the caller used.
  const all = [...input].sort(byCode);
  const duplicates: InputIssue[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i].code === all[i - 1].code) {
      duplicates.push({ code: 'duplicate_unit', unit: all[i].code, message: `unit ${all[i].code} is given twice` });
    }
  }
  const parsed = parseUnits(plan, all);
  const issues = [...duplicates, ...parsed.issues];
  if (issues.length > 0) throw new EngineInputError(issues);
  return prepareParsed(plan, all, parsed, options);
}

/**
 * prepareColumns after parsing: `all` sorted by code, each once, and parsed into `parsed` without issues. Later
 * stages read of a unit only its code, ranked, groups (and manualPoints for a manual leaf's raw), never its values.
 */
export function prepareParsed(plan: Plan, all: UnitInput[], parsed: Parsed, options: ScoreOptions = {}): ScoreColumns {
  const { nodes, leaves } = plan;
  const pipeline = plan.framework.pipeline ?? {};
  const missing = plan.framework.missing ?? 'zero';
  const w: WorkingSet = { active: all.map((_, i) => i), units: all, notes: parsed.notes, cols: parsed.cols, n: all.length };
  const screen = pipeline.screen;
  if (screen && screen.basis === 'raw') {
    const share = availability(parsed.present, leaves.length);
    screenUnits(plan, w, (u) => share[u]);
  }

  const stages = options.keepStages ? { denominated: {} as StageTable, imputed: {} as StageTable, treated: {} as StageTable } : undefined;
  const normLeaves = leaves.filter((li) => nodes[li].mode === 'normalize');
  const keep = (table: StageTable | undefined): void => {
    if (table) for (const li of normLeaves) keepStage(table, w.units, w.n, nodes[li].code, w.cols.get(li)!);
  };
  keep(stages?.denominated);
  if (pipeline.impute || missing === 'group_mean') imputeColumns(plan, w);
  keep(stages?.imputed);
  if (screen && screen.basis !== 'raw') screenUnits(plan, w, presentShare(plan, w));
  const treatment: TreatmentLog[] = pipeline.treat ? treatColumns(plan, w, normLeaves) : [];
  keep(stages?.treated);

  // Columns of one value are shared: fewer large allocations, far less garbage collection.
  const constant = constantColumns(w.n);
  const rule = ruleLeafValues(plan, w, constant);
  const inputs = new Map<number, Float64Array>();
  for (const li of normLeaves) inputs.set(li, w.cols.get(li)!);
  return {
    options,
    all,
    notesAll: parsed.notes,
    units: w.units,
    active: w.active,
    n: w.n,
    notes: w.notes,
    inputs,
    ruleLeaves: rule.cols,
    ruleNotes: rule.notes,
    treatment,
    ...(stages ? { stages } : {}),
    constant,
  };
}
