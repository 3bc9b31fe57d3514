import { EngineFrameworkError } from '../engine/errors';
import type { Aggregation, Framework, Normalization } from '../engine/framework.model';
import { compilePlan, ROOT_CODE, type Plan, type PlanNode } from '../engine/plan';
import { competitionRanksInto } from '../engine/rank';
import { rankWithinOf } from '../engine/rank-results';
import { roundTo } from '../engine/round';
import {
  aggregationChoice,
  candidates,
  choice,
  nominalSample,
  rankSensitivity,
  uncertainty,
  weightDirichlet,
  weightRange,
  type IndexModel,
  type RankStatistics,
  type Sample,
  type Source,
} from '../engine/sensitivity';
import type { ScoreColumns, ScoreOverrides } from '../engine/stages/columns';
import { withOverrides } from '../engine/stages/overrides';
import { prepareColumns } from '../engine/stages/prepare';
import { scoreColumns } from '../engine/stages/score-columns';
import type { ScoreOptions, UnitInput } from '../engine/types';
import { ENGINE_VERSION } from '../engine/version';
import { ANALYSIS_FORMAT, type AnalysisRequestSpec, type AnalysisResult, type AnalysisUnitResult } from './analysis-result';
import { ANALYSIS_NORMALISATIONS } from './analysis-spec';
import { LeanIndex, type LeafCellValues } from './lean-index';

/**
 * The model of an uncertainty and sensitivity analysis of one score run (issue #22, points 2 and 3): pure (no Nest,
 * no database). `analyseRun` compiles the run's framework, prepares its columns once, declares the sources of
 * `spec.sources`, and runs the sensitivity library's `uncertainty` (and `rankSensitivity` when
 * spec.sensitivitySamples > 0) on a model that computes only the index of every unit per sample (LeanIndex).
 *
 * The reviewers' spread needs `reviewerCandidates`: read it with `reviewerCandidates(manager, cycleId)` from
 * src/reviews/reviewer-candidates.queries.ts (per unit id and leaf code, the numbers the assigned reviewers decided
 * on the finals in force) and key it by code with `keyedByUnitCode(candidates, scoreInputs.units)`.
 *
 * What each source means here:
 * - weights: the nodes at depth `level` (1: the root's children). A group that sums points gives its children no
 *   weight of their own: their weight is their max points. Such a group is re-aggregated as the weighted mean of
 *   its children's values with their max points as the official weights (the same index when nothing is drawn:
 *   Σ points / Σ max = Σ max·value / Σ max), and the drawn weights move those.
 * - aggregation: the root's (the pillars' into the index), arithmetic or geometric. Arithmetic is the official one
 *   (points and weighted_mean are both arithmetic means of the children's values; a geometric root's arithmetic is
 *   weighted_mean); geometric is the weighted geometric mean with the same weights (a points root: the children's
 *   max points). A zscore normalisation gives negative values, which have no geometric mean: refused together.
 * - normalisation: every normalised leaf together, one of the official ones or one of the methods listed, with the
 *   method's defaults (a leaf whose own method is the one drawn keeps its own parameters).
 * - reviewers: each (unit, leaf) cell with ≥ 2 distinct decisions takes one of the assigned reviewers' values,
 *   each reviewer equally likely. Rule leaves take points (as the reviewed values go in: manual points), normalised
 *   leaves their number. With no imputation, screening, treatment or denomination the drawn cells are set in copies
 *   of the prepared columns; otherwise each sample prepares the columns again from changed inputs (slow: a full
 *   prepareColumns per sample).
 *
 * Ranks are the published ones: standard competition ranks of the index rounded as published (rankStage's
 * roundTo(value × scale, precision)), of the units that take a rank place. A run that ranks within groups only
 * (rankAcrossGroups false, as 922 ranks ministries) is analysed within groups: each sample ranks every unit within
 * its group, and P(top k) is of the top k of its group. Units screened out of the run are not in the analysis.
 */
export interface AnalysisModelInput {
  framework: Framework;
  units: UnitInput[];
  parameters: ScoreOptions;
  /** Unit code → leaf code → the values the assigned reviewers decided (reviewerCandidates). */
  reviewerCandidates?: Map<string, Map<string, number[]>>;
}

/** A spec the run cannot be analysed under (the service's 400): which field and which rule. */
export class AnalysisSpecError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisSpecError';
  }
}

export function analyseRun(
  input: AnalysisModelInput,
  spec: AnalysisRequestSpec,
  meta: { runId: string },
  onProgress?: (done: number, total: number) => void,
): AnalysisResult {
  const model = analysisModel(input, spec);
  const { units, codes } = model;
  const total = spec.samples + (spec.sensitivitySamples > 0 ? spec.sensitivitySamples * (Object.keys(model.sources).length + 2) : 0);
  const stats = uncertainty(model.sources, model.run, {
    seed: spec.seed,
    units,
    samples: spec.samples,
    top: spec.top,
    official: model.official,
    output: model.output,
    onProgress,
  });
  let sensitivity: AnalysisResult['sensitivity'] = null;
  if (spec.sensitivitySamples > 0) {
    const sa = rankSensitivity(model.sources, model.run, {
      seed: spec.seed,
      units,
      samples: spec.sensitivitySamples,
      top: spec.top,
      official: model.official,
      output: model.output,
      onProgress: onProgress && ((done) => onProgress(spec.samples + done, total)),
    });
    sensitivity = sa.sensitivity.indices.map((s) => ({
      source: s.source,
      first: s.first,
      firstLow: s.firstLow,
      firstHigh: s.firstHigh,
      total: s.total,
      totalLow: s.totalLow,
      totalHigh: s.totalHigh,
    }));
  }
  return {
    format: ANALYSIS_FORMAT,
    runId: meta.runId,
    spec,
    nodeVersion: process.version,
    engineVersion: ENGINE_VERSION,
    units: unitRows(codes, stats),
    sensitivity,
  };
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Per unit, sorted by official rank then code, unranked last. */
function unitRows(codes: readonly string[], stats: RankStatistics): AnalysisUnitResult[] {
  const rows = codes.map((code, u) => ({
    code,
    official: stats.official[u],
    median: orNull(stats.median[u]),
    q05: orNull(stats.q05[u]),
    q95: orNull(stats.q95[u]),
    mean: orNull(stats.mean[u]),
    pTop: stats.pTop[u],
    pKeep: stats.pKeep[u],
  }));
  const key = (r: AnalysisUnitResult): number => (r.official > 0 ? r.official : Number.MAX_SAFE_INTEGER);
  return rows.sort((a, b) => key(a) - key(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

type AnalysisSources = Record<string, Source<unknown>>;

/** The pieces of an analysis, apart so that the spec can check the lean model against scoreColumns. */
export interface AnalysisModel {
  plan: Plan;
  columns: ScoreColumns;
  sources: AnalysisSources;
  /** The overrides a sample stands for (what scoreColumns would be given). */
  overridesOf: (sample: Sample<AnalysisSources>) => ScoreOverrides;
  /** The model the library runs: per unit (column order) the rounded index, or its rank within its group. */
  run: IndexModel<AnalysisSources>;
  /** The index of every unit under a sample, full precision (what the spec compares with scoreColumns). */
  index: (sample: Sample<AnalysisSources>, out: Float64Array) => Float64Array;
  output: 'scores' | 'ranks';
  /** The run's published ranks (0: unranked), in column order; scored in full once, when first read. */
  readonly official: Int32Array;
  units: number;
  /** Unit codes in column order. */
  codes: string[];
}

const ALTERNATIVES: Record<string, Normalization> = Object.fromEntries(ANALYSIS_NORMALISATIONS.map((method) => [method, { method }]));

export function analysisModel(input: AnalysisModelInput, spec: AnalysisRequestSpec): AnalysisModel {
  const { framework, parameters } = input;
  const plan = compilePlan(framework);
  const columns = prepareColumns(plan, input.units, parameters);
  const n = columns.n;
  if (n === 0) throw new AnalysisSpecError('runId', 'noUnits', 'the run scored no unit: there is nothing to rank');
  const { nodes } = plan;
  const src = spec.sources;
  const sources: AnalysisSources = {};
  const root = nodes[plan.root];

  // Weights: the nodes at depth `level`, in plan order.
  let weightNodes: PlanNode[] = [];
  if (src.weights) {
    const level = src.weights.level ?? 1;
    const depth = new Int32Array(nodes.length);
    for (let i = nodes.length - 1; i >= 0; i--) if (i !== plan.root) depth[i] = depth[nodes[i].parent] + 1;
    weightNodes = nodes.filter((node) => node.index !== plan.root && depth[node.index] === level);
    if (weightNodes.length === 0) throw new AnalysisSpecError('sources.weights.level', 'noNodes', `the framework has no node at level ${level}`);
    const official = weightNodes.map((node) => (nodes[node.parent].aggregation === 'points' ? node.maxPoints! : node.weight));
    if (!official.some((w) => w > 0)) throw new AnalysisSpecError('sources.weights.level', 'noWeight', `every node at level ${level} has weight 0`);
    sources.weights = src.weights.kind === 'range' ? weightRange(official, src.weights.factor) : weightDirichlet(official, src.weights.concentration);
  }
  const pointsParents = [...new Set(weightNodes.map((node) => node.parent))].filter((p) => nodes[p].aggregation === 'points');

  // Normalisation: one choice for every normalised leaf.
  const normLeaves = plan.leaves.filter((li) => nodes[li].mode === 'normalize');
  const alternatives = new Map<string, Map<number, Normalization>>();
  if (src.normalisation && src.normalisation.length > 0) {
    if (normLeaves.length === 0) throw new AnalysisSpecError('sources.normalisation', 'noNormalisedLeaf', 'the framework has no normalised leaf: its leaves are scored by rules');
    for (const method of src.normalisation) {
      const alt = ALTERNATIVES[method];
      if (!alt) throw new AnalysisSpecError('sources.normalisation', 'isIn', `sources.normalisation must list only ${Object.keys(ALTERNATIVES).join(', ')}`);
      // A leaf already normalised by this method keeps its own parameters; one stable object per leaf and method.
      const perLeaf = new Map<number, Normalization>();
      for (const li of normLeaves) if (nodes[li].normalization!.method !== method) perLeaf.set(li, { ...alt });
      if (perLeaf.size > 0) alternatives.set(method, perLeaf);
    }
    sources.normalisation = choice(['official', ...alternatives.keys()], 'official');
  }

  // Aggregation: the root's, arithmetic or geometric.
  const officialRoot: Aggregation = root.aggregation;
  if (src.aggregation) {
    const negative = normLeaves.some((li) => nodes[li].normalization!.method === 'zscore') || alternatives.has('zscore');
    if (negative) {
      throw new AnalysisSpecError('sources.aggregation', 'geometricOfNegative', 'a geometric mean needs values ≥ 0, and a zscore normalisation gives negative ones: drop one of the two sources');
    }
    sources.aggregation = aggregationChoice(['arithmetic', 'geometric'], officialRoot === 'geometric_mean' ? 'geometric' : 'arithmetic');
  }

  // Reviewers: the cells with ≥ 2 distinct values.
  const cellUnits: number[] = [];
  const cellLeaves: number[] = [];
  if (src.reviewers) {
    if (!input.reviewerCandidates) throw new AnalysisSpecError('sources.reviewers', 'noReviews', 'the run has no reviewers\u2019 decisions to draw among');
    const position = new Map(columns.units.map((u, i) => [u.code, i]));
    const cells: number[][] = [];
    const nominal: number[] = [];
    const found: { u: number; li: number; values: number[] }[] = [];
    for (const [code, leaves] of input.reviewerCandidates) {
      const u = position.get(code);
      if (u === undefined) continue;
      for (const [leafCode, values] of leaves) {
        const li = plan.byCode.get(leafCode);
        if (li === undefined || !nodes[li].isLeaf || nodes[li].maxPoints === 0) continue;
        const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
        if (new Set(finite).size < 2) continue;
        found.push({ u, li, values: finite });
      }
    }
    found.sort((a, b) => a.u - b.u || a.li - b.li);
    for (const f of found) {
      cellUnits.push(f.u);
      cellLeaves.push(f.li);
      cells.push(f.values);
      nominal.push(nodes[f.li].mode === 'normalize' ? columns.inputs.get(f.li)![f.u] : columns.ruleLeaves.get(f.li)!.points[f.u]);
    }
    sources.reviewers = candidates(cells, nominal);
  }

  const overridesOf = (sample: Sample<AnalysisSources>): ScoreOverrides => {
    const weights: Record<string, number> = {};
    const aggregation: Record<string, Aggregation> = {};
    const normalization: Record<string, Normalization> = {};
    const codeOf = (i: number): string => (i === plan.root ? ROOT_CODE : nodes[i].code);
    if (sources.weights) {
      const w = sample.weights as Float64Array;
      weightNodes.forEach((node, k) => (weights[node.code] = w[k]));
      for (const p of pointsParents) aggregation[codeOf(p)] = 'weighted_mean';
    }
    if (sources.aggregation) {
      const drawn = sample.aggregation as 'arithmetic' | 'geometric';
      const method: Aggregation | undefined =
        drawn === 'geometric' ? 'geometric_mean' : officialRoot === 'geometric_mean' ? 'weighted_mean' : aggregation[ROOT_CODE];
      if (method && method !== officialRoot) {
        aggregation[ROOT_CODE] = method;
        if (officialRoot === 'points') for (const c of root.children) if (!(nodes[c].code in weights)) weights[nodes[c].code] = nodes[c].maxPoints!;
      }
    }
    if (sources.normalisation) {
      const perLeaf = alternatives.get(sample.normalisation as string);
      if (perLeaf) for (const [li, method] of perLeaf) normalization[nodes[li].code] = method;
    }
    return { weights, aggregation, normalization };
  };

  // The reviewers' cells of a sample, grouped by leaf, in buffers made once.
  const byLeaf = new Map<number, { units: Int32Array; values: Float64Array; cells: number[] }>();
  cellLeaves.forEach((li, c) => {
    let entry = byLeaf.get(li);
    if (!entry) byLeaf.set(li, (entry = { units: new Int32Array(0), values: new Float64Array(0), cells: [] }));
    entry.cells.push(c);
  });
  for (const entry of byLeaf.values()) {
    entry.units = Int32Array.from(entry.cells, (c) => cellUnits[c]);
    entry.values = new Float64Array(entry.cells.length);
  }
  const cellValues: LeafCellValues = { byLeaf };
  const pipeline = framework.pipeline ?? {};
  const reprepare = cellUnits.length > 0 && Boolean(pipeline.impute || pipeline.treat || pipeline.screen || pipeline.denominate || framework.missing === 'group_mean');

  // A plan the engine refuses (a re-weighted points group whose parent needs its max points) is the spec's fault: say so now, not mid-run.
  const nominal = nominalSample(sources);
  const checks: [string, Sample<AnalysisSources>][] = [['sources.weights', nominal]];
  if (sources.aggregation) checks.push(['sources.aggregation', { ...nominal, aggregation: nominal.aggregation === 'geometric' ? 'arithmetic' : 'geometric' }]);
  for (const [field, sample] of checks) {
    try {
      withOverrides(plan, overridesOf(sample));
    } catch (e) {
      if (e instanceof EngineFrameworkError) throw new AnalysisSpecError(field, 'notApplicable', `the framework cannot be scored under ${field}: ${e.message}`);
      throw e;
    }
  }

  // Made on first use: a request checked by analysisModel alone (the service, before it queues) does not pay for it.
  let lean: LeanIndex | undefined;
  const index = (sample: Sample<AnalysisSources>, out: Float64Array): Float64Array => {
    const planS = withOverrides(plan, overridesOf(sample));
    lean ??= new LeanIndex(plan, columns);
    if (cellUnits.length === 0) return lean.index(planS, out);
    const drawn = sample.reviewers as Float64Array;
    if (reprepare) return new LeanIndex(plan, prepareColumns(plan, changedInputs(columns, plan, cellUnits, cellLeaves, drawn), parameters)).index(planS, out);
    for (const entry of byLeaf.values()) entry.cells.forEach((c, k) => (entry.values[k] = drawn[c]));
    return lean.index(planS, out, cellValues);
  };

  // Ranks: the index rounded as published, of the units that take a rank place; within groups when ranks do not cross them.
  const { precision } = framework.result;
  const eligible = columns.units.map((u) => u.ranked !== false);
  const rankWithin = rankWithinOf(plan, parameters);
  const withinGroups = rankWithin !== undefined && parameters.rankAcrossGroups === false;
  const groups = withinGroups ? groupMembers(columns.units.map((u) => u.groups?.[rankWithin] ?? '')) : [];
  const values = new Float64Array(n);
  const groupValues = new Float64Array(n);
  const groupRanks = new Int32Array(n);
  const scratch = new Float64Array(n);
  const run: IndexModel<AnalysisSources> = (sample, out) => {
    index(sample, values);
    for (let u = 0; u < n; u++) {
      const v = values[u];
      values[u] = eligible[u] && v === v ? roundTo(v, precision) : Number.NaN;
    }
    if (!withinGroups) {
      out.set(values);
      return;
    }
    for (const members of groups) {
      const m = members.length;
      for (let k = 0; k < m; k++) groupValues[k] = values[members[k]];
      competitionRanksInto(groupValues.subarray(0, m), groupRanks.subarray(0, m), scratch);
      for (let k = 0; k < m; k++) out[members[k]] = groupRanks[k] > 0 ? groupRanks[k] : Number.NaN;
    }
  };

  // The official ranks: the run's own, from one full scoring of the columns.
  let official: Int32Array | undefined;
  const officialRanks = (): Int32Array => {
    if (!official) {
      const rankOf = new Map(scoreColumns(plan, columns).units.map((u) => [u.code, u.rank ?? 0]));
      official = Int32Array.from(columns.units, (u) => rankOf.get(u.code) ?? 0);
    }
    return official;
  };

  return {
    plan,
    columns,
    sources,
    overridesOf,
    run,
    index,
    output: withinGroups ? 'ranks' : 'scores',
    get official() {
      return officialRanks();
    },
    units: n,
    codes: columns.units.map((u) => u.code),
  };
}

/** Unit positions per group, groups in order of first appearance (the units are in code order). */
function groupMembers(groupOf: readonly string[]): Int32Array[] {
  const byGroup = new Map<string, number[]>();
  groupOf.forEach((g, u) => {
    const list = byGroup.get(g);
    if (list) list.push(u);
    else byGroup.set(g, [u]);
  });
  return [...byGroup.values()].map((list) => Int32Array.from(list));
}

/** The run's inputs with the drawn cells put in: points as manual points on rule leaves, numbers on normalised ones. */
function changedInputs(columns: ScoreColumns, plan: Plan, cellUnits: number[], cellLeaves: number[], drawn: Float64Array): UnitInput[] {
  const copies = new Map<number, UnitInput>();
  for (let c = 0; c < cellUnits.length; c++) {
    const v = drawn[c];
    if (v !== v) continue;
    const u = cellUnits[c];
    let unit = copies.get(u);
    if (!unit) {
      const given = columns.units[u];
      copies.set(u, (unit = { ...given, values: { ...given.values }, manualPoints: { ...given.manualPoints } }));
    }
    const leaf = plan.nodes[cellLeaves[c]];
    if (leaf.mode === 'normalize') unit.values[leaf.code] = v;
    else unit.manualPoints![leaf.code] = v;
  }
  const active = new Set(columns.active);
  const byPosition = new Map<number, UnitInput>();
  for (const [u, unit] of copies) byPosition.set(columns.active[u], unit);
  // Every unit given (screened-out ones too, so that screening sees what the run saw), with the copies in place.
  return columns.all.map((unit, i) => (active.has(i) ? (byPosition.get(i) ?? unit) : unit));
}
