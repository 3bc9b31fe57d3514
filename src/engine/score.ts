import { aggregateGroup, childMultipliers, MISSING, NOT_SCORED, OK, type ChildColumns, type NodeColumns } from './aggregate';
import { EngineInputError, type InputIssue } from './errors';
import type { Framework } from './framework.model';
import { parseNumber, ParseIssue, parseRaw, type ParseOutcome } from './input';
import { normalizeColumn } from './normalize';
import { compilePlan, type Plan, type PlanNode } from './plan';
import { imputeGroupMean } from './pipeline/impute';
import { availability } from './pipeline/screen';
import { treatColumn } from './pipeline/treat';
import { scorePillars } from './pillars';
import { rankColumns, rankWithinOf } from './rank-results';
import { roundTo } from './round';
import type {
  NodeResult,
  PillarResult,
  ScoreOptions,
  ScoreResult,
  StageTable,
  TreatmentLog,
  UnitInput,
  UnitNote,
  UnitResult,
} from './types';
import { ENGINE_VERSION } from './version';

/** Compiles the framework and scores the units. Compile once with compilePlan and call scorePlan to score often. */
export function score(framework: Framework, units: UnitInput[], options: ScoreOptions = {}): ScoreResult {
  return scorePlan(compilePlan(framework), units, options);
}

const byCode = (a: UnitInput, b: UnitInput): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function scorePlan(plan: Plan, input: UnitInput[], options: ScoreOptions = {}): ScoreResult {
  const { framework, nodes, leaves } = plan;
  const pipeline = framework.pipeline ?? {};
  const missing = framework.missing ?? 'zero';
  const { scale, precision } = framework.result;

  // Sorting first makes every later sum run in the same order whatever order the caller used.
  const all = [...input].sort(byCode);
  const issues: InputIssue[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i].code === all[i - 1].code) {
      issues.push({ code: 'duplicate_unit', unit: all[i].code, message: `unit ${all[i].code} is given twice` });
    }
  }

  // 1. Parse every leaf of every unit: numbers for normalised leaves, points for rule leaves (NaN = missing).
  const N = all.length;
  const leafCols = new Map<number, Float64Array>();
  const present = new Float64Array(N);
  const formulaNaN: Array<[number, number]> = [];
  const noDenominator: Array<[number, number]> = [];
  // Unit by unit, then leaf by leaf: each unit's answers are read while they are in the cache (reading leaf by
  // leaf across 10,000 units was four times slower).
  const L = leaves.length;
  const specs = leaves.map((li) => {
    const leaf = nodes[li];
    const spec = leaf.parse!;
    return {
      li,
      code: leaf.code,
      spec,
      rule: leaf.rule,
      manual: leaf.rule?.rule === 'manual',
      ruleName: leaf.rule?.rule ?? leaf.normalization?.method,
      normalize: leaf.mode === 'normalize',
      max: leaf.maxPoints ?? 0,
      denominator: pipeline.denominate ? leaf.denominator : undefined,
      plainNumber: spec.kind === 'number' && spec.min === undefined && spec.max === undefined && !spec.integer,
      col: new Float64Array(N),
    };
  });
  for (let u = 0; u < N; u++) {
    const unit = all[u];
    const values = unit.values ?? {};
    for (let j = 0; j < L; j++) {
      const leaf = specs[j];
      const col = leaf.col;
      const code = leaf.code;
      const raw = values[code];
      // Points given by a person: required for a manual leaf; for another rule leaf they replace the rule's points
      // (a reviewer's reconciled score). Normalised leaves are always computed.
      const given = leaf.normalize ? undefined : unit.manualPoints?.[code];
      if (leaf.manual || (given !== undefined && given !== null)) {
        if (given === undefined || given === null) {
          col[u] = Number.NaN;
          continue;
        }
        const p = parseNumber(given);
        if (p === undefined || p < 0 || p > leaf.max) {
          issues.push({ code: 'manual_points', unit: unit.code, indicator: code, rule: 'manual', message: `${unit.code} ${code}: manual points ${String(given)} are outside 0..${leaf.max}` });
          continue;
        }
        col[u] = p;
        present[u]++;
        continue;
      }
      const spec = leaf.spec;
      let v: ParseOutcome;
      // The common cases skip the general parser.
      if (typeof raw === 'number' && leaf.plainNumber && Number.isFinite(raw)) v = raw;
      else if (typeof raw === 'boolean' && spec.kind === 'boolean') v = raw;
      else if (typeof raw === 'string' && spec.kind === 'choice' && spec.choices!.has(raw)) v = raw;
      else v = parseRaw(raw, spec);
      if (v === null) {
        col[u] = Number.NaN;
        continue;
      }
      if (v instanceof ParseIssue) {
        issues.push({ code: v.issue, unit: unit.code, indicator: code, rule: leaf.ruleName, message: `${unit.code} ${code}: ${v.message}` });
        continue;
      }
      present[u]++;
      if (leaf.normalize) {
        let x = v as number;
        if (leaf.denominator) {
          const d = unit.denominators?.[leaf.denominator];
          // As COINr: without a denominator there is no denominated value, so it is missing (and said so).
          if (typeof d !== 'number' || !Number.isFinite(d) || d === 0) {
            noDenominator.push([u, leaf.li]);
            x = Number.NaN;
            present[u]--;
          } else x = x / d;
        }
        col[u] = x;
      } else {
        const p = leaf.rule!.points(v);
        if (p !== p) formulaNaN.push([u, leaf.li]);
        col[u] = p !== p ? Number.NaN : p < 0 ? 0 : p > leaf.max ? leaf.max : p;
      }
    }
  }
  for (const leaf of specs) leafCols.set(leaf.li, leaf.col);
  if (issues.length > 0) throw new EngineInputError(issues);

  const notesAll: UnitNote[][] = all.map(() => []);
  for (const [u, li] of formulaNaN) {
    notesAll[u].push({ kind: 'formula_nan', node: nodes[li].code, message: 'the formula gave no number (such as 0/0); treated as missing' });
  }
  for (const [u, li] of noDenominator) {
    const leaf = nodes[li];
    notesAll[u].push({ kind: 'no_denominator', node: leaf.code, message: `no usable ${leaf.denominator} to divide by; treated as missing` });
  }

  // 2. Screening and imputation, in COINr's order (impute, then screen what is still missing) unless the framework
  // asks to screen on the raw answers, which then happens first so that dropped units do not feed the group means.
  let active = all.map((_, i) => i);
  let units = all;
  let notes = notesAll;
  let n = N;
  const cols = new Map<number, Float64Array>();
  for (const li of leaves) cols.set(li, leafCols.get(li)!);
  const screen = pipeline.screen;
  const applyScreen = (share: (u: number) => number): void => {
    const keepIdx: number[] = [];
    for (let u = 0; u < n; u++) {
      const s = share(u);
      if (s >= screen!.minAvailability) keepIdx.push(u);
      else notes[u].push({ kind: 'screened_out', message: `only ${roundTo(s * 100, 1)}% of the indicators are present (minimum ${screen!.minAvailability * 100}%)`, value: s });
    }
    if (keepIdx.length === n) return;
    active = keepIdx.map((u) => active[u]);
    units = keepIdx.map((u) => units[u]);
    notes = keepIdx.map((u) => notes[u]);
    for (const li of leaves) {
      const src = cols.get(li)!;
      cols.set(li, Float64Array.from(keepIdx, (u) => src[u]));
    }
    n = keepIdx.length;
  };
  if (screen && screen.basis === 'raw') {
    const share = availability(present, leaves.length);
    applyScreen((u) => share[u]);
  }

  const stages = options.keepStages ? { denominated: {}, imputed: {}, treated: {}, normalised: {} } : undefined;
  const keep = (table: StageTable | undefined, li: number, col: Float64Array): void => {
    if (!table) return;
    for (let u = 0; u < n; u++) (table[units[u].code] ??= {})[nodes[li].code] = col[u] === col[u] ? col[u] : null;
  };
  const normLeaves = leaves.filter((li) => nodes[li].mode === 'normalize');
  for (const li of normLeaves) keep(stages?.denominated, li, cols.get(li)!);

  // 3. Imputation: the raw number of a normalised leaf, the points of a rule leaf.
  if (pipeline.impute || missing === 'group_mean') {
    const groupKey = pipeline.impute?.group;
    const groups = units.map((u) => (groupKey ? (u.groups?.[groupKey] ?? '') : ''));
    for (const li of leaves) {
      for (const imp of imputeGroupMean(cols.get(li)!, groups)) {
        const where = imp.from === 'group' && groupKey ? `the mean of ${groupKey} ${groups[imp.unit]}` : 'the mean of all units';
        notes[imp.unit].push({ kind: 'imputed', node: nodes[li].code, value: imp.value, message: `missing; ${where}` });
      }
    }
  }
  for (const li of normLeaves) keep(stages?.imputed, li, cols.get(li)!);
  if (screen && screen.basis !== 'raw') {
    const count = new Float64Array(n);
    for (const li of leaves) {
      const col = cols.get(li)!;
      for (let u = 0; u < n; u++) if (col[u] === col[u]) count[u]++;
    }
    applyScreen((u) => (leaves.length === 0 ? 1 : count[u] / leaves.length));
  }

  // 4. Outlier treatment of normalised leaves.
  const treatment: TreatmentLog[] = [];
  if (pipeline.treat) {
    for (const li of normLeaves) {
      const before = cols.get(li)!;
      const t = treatColumn(before, pipeline.treat);
      for (const u of t.changed) {
        notes[u].push({ kind: 'winsorised', node: nodes[li].code, value: t.values[u], message: `outlier ${before[u]} winsorised to ${t.values[u]}` });
      }
      if (t.logged) for (let u = 0; u < n; u++) notes[u].push({ kind: 'logged', node: nodes[li].code, message: 'indicator log-transformed (skewed)' });
      treatment.push({
        indicator: nodes[li].code,
        skew: t.skew,
        kurtosis: t.kurtosis,
        passed: t.passed,
        winsorised: t.changed.length,
        units: t.changed.map((u) => units[u].code),
        logged: t.logged,
        ...(t.after ? { after: t.after } : {}),
      });
      cols.set(li, t.values);
    }
  }
  for (const li of normLeaves) keep(stages?.treated, li, cols.get(li)!);

  // 5. Leaf values, points and the missing-value policy. Columns that are the same for every unit (a leaf's max,
  // the absent points of a mean without maxPoints) are shared: fewer large allocations, far less garbage collection.
  const nodeCols: NodeColumns[] = new Array<NodeColumns>(nodes.length);
  const inputs = new Map<number, Float64Array>();
  const constants = new Map<number, Float64Array>();
  const constant = (x: number): Float64Array => {
    const key = x === x ? x : -0.5;
    let c = constants.get(key);
    if (!c) constants.set(key, (c = new Float64Array(n).fill(x)));
    return c;
  };
  for (const li of leaves) {
    const leaf = nodes[li];
    const col = cols.get(li)!;
    const max = leaf.maxPoints;
    let value: Float64Array;
    let points: Float64Array;
    if (leaf.mode === 'normalize') {
      inputs.set(li, col);
      const out = normalizeColumn(col, leaf.normalization!, leaf.direction);
      if (out.degenerate && n > 0) {
        for (let u = 0; u < n; u++) notes[u].push({ kind: 'not_scored', node: leaf.code, message: `${out.degenerate}: every unit gets the middle of the scale` });
      }
      value = out.values;
      keep(stages?.normalised, li, value);
      points = max === undefined ? constant(Number.NaN) : new Float64Array(n);
    } else {
      // A rule leaf's column already holds its points.
      points = col;
      value = new Float64Array(n);
      for (let u = 0; u < n; u++) value[u] = max! > 0 ? col[u] / max! : Number.NaN;
    }
    const status = new Uint8Array(n);
    if (max === 0) {
      status.fill(NOT_SCORED);
      value.fill(Number.NaN);
      nodeCols[li] = { value, points: constant(0), max: constant(0), status };
      continue;
    }
    const scaled = leaf.mode === 'normalize' && max !== undefined;
    for (let u = 0; u < n; u++) {
      const v = value[u];
      if (v !== v) {
        if (missing === 'drop') {
          status[u] = MISSING;
          notes[u].push({ kind: 'dropped', node: leaf.code, message: 'missing; left out and the weights renormalised' });
          continue;
        }
        value[u] = 0;
        if (points !== value && max !== undefined) points[u] = 0;
        notes[u].push({ kind: 'zero', node: leaf.code, message: missing === 'zero' ? 'missing; counted as zero' : 'missing and nothing to impute from; counted as zero' });
      }
      if (scaled) points[u] = value[u] * max;
    }
    nodeCols[li] = { value, points, max: constant(max === undefined ? Number.NaN : max), status };
  }

  // 6. Groups bottom-up (nodes are in post-order).
  const childrenOf = (g: PlanNode): ChildColumns[] => g.children.map((c) => ({ code: nodes[c].code, cols: nodeCols[c], weight: nodes[c].weight }));
  for (const gi of plan.groups) {
    const g = nodes[gi];
    nodeCols[gi] = aggregateGroup(g.code, g.aggregation, g.maxPoints, childrenOf(g), n, constant);
  }
  const root = nodeCols[plan.root];

  // 7. Contributions, top-down for one unit when its node results are read.
  const multipliersOf = (u: number): Float64Array => {
    const m = new Float64Array(nodes.length);
    m[plan.root] = scale;
    for (let gi = plan.groups.length - 1; gi >= 0; gi--) {
      const g = nodes[plan.groups[gi]];
      childMultipliers(g.aggregation, m, g.index, nodeCols[g.index], g.children, nodes, nodeCols, u);
    }
    return m;
  };

  // 8. Pillars and ranks.
  const pillars = scorePillars(plan, nodeCols, n);
  const eligible = units.map((u, i) => u.ranked !== false && root.status[i] === OK);
  const indexRounded = Array.from(root.value, (v, i) => (root.status[i] === OK ? roundTo(v * scale, precision) : null));
  const rankWithin = rankWithinOf(plan, options);
  const groupOf = rankWithin ? units.map((u) => u.groups?.[rankWithin] ?? '') : undefined;
  // The ranking itself is rankColumns (rank-results.ts), which rankResults also calls on results scored in batches.
  const ranked = rankColumns(
    plan,
    { n, eligible, indexRounded, groupOf, nodeValues: (i) => nodeCols[i].value, pillarValues: (j) => pillars[j].cols.value },
    options,
  );
  const ranks = ranked.rank;
  const gRanks = ranked.groupRank;
  const pillarRanks = ranked.pillars;

  // 9. Results per unit, screened-out units included so that nothing disappears silently. The per-node and
  // per-pillar records are built on first read: a national run has millions of them and most callers read a few.
  const finite = (x: number): number | null => (x === x ? x : null);
  const views = nodes
    .filter((node) => node.index !== plan.root)
    .map((node) => ({
      index: node.index,
      code: node.code,
      cols: nodeCols[node.index],
      leaf: node.isLeaf,
      manual: node.rule?.rule === 'manual',
      input: inputs.get(node.index),
      rank: ranked.nodes.get(node.index)?.all,
      groupRank: ranked.nodes.get(node.index)?.group,
    }));
  const nodeResultsOf = (u: number, unit: UnitInput): Record<string, NodeResult> => {
    const out: Record<string, NodeResult> = {};
    const mult = multipliersOf(u);
    for (const view of views) {
      const c = view.cols;
      const status = c.status[u];
      const points = c.points[u];
      const max = c.max[u];
      const r: NodeResult = {
        value: status === OK ? c.value[u] : null,
        points: status === MISSING || points !== points ? null : points,
        maxPoints: status === MISSING || max !== max ? null : max,
        contribution: status === OK ? finite(mult[view.index] * c.value[u]) : status === MISSING ? null : 0,
        rank: view.rank ? view.rank[u] : null,
      };
      if (groupOf) r.groupRank = view.groupRank ? view.groupRank[u] : null;
      if (view.leaf) {
        r.raw = view.manual ? unit.manualPoints?.[view.code] : unit.values?.[view.code];
        if (view.input) r.input = finite(view.input[u]);
      }
      out[view.code] = r;
    }
    return out;
  };
  const pillarResultsOf = (u: number): Record<string, PillarResult> => {
    const out: Record<string, PillarResult> = {};
    pillars.forEach((p, j) => {
      const ok = p.cols.status[u] === OK;
      const r: PillarResult = {
        value: ok ? p.cols.value[u] : null,
        points: ok ? finite(p.cols.points[u]) : null,
        maxPoints: ok ? finite(p.cols.max[u]) : null,
        rank: pillarRanks[j].all?.[u] ?? null,
      };
      if (groupOf) r.groupRank = pillarRanks[j].group?.[u] ?? null;
      out[p.code] = r;
    });
    return out;
  };
  const results: UnitResult[] = [];
  let k = 0;
  for (let a = 0; a < N; a++) {
    const unit = all[a];
    if (active[k] !== a) {
      results.push({ code: unit.code, ranked: false, status: 'screened_out', index: null, indexRounded: null, rank: null, nodes: {}, pillars: {}, notes: notesAll[a] });
      continue;
    }
    const u = k++;
    const hasIndex = root.status[u] === OK;
    if (!hasIndex) notes[u].push({ kind: 'no_index', message: 'no index: every indicator is missing or not scored' });
    const result = {
      code: unit.code,
      ranked: eligible[u],
      status: hasIndex ? 'scored' : 'no_index',
      index: hasIndex ? root.value[u] * scale : null,
      indexRounded: indexRounded[u],
      rank: ranks[u],
    } as UnitResult;
    if (groupOf) {
      result.group = groupOf[u];
      result.groupRank = gRanks![u];
    }
    lazy(result, 'nodes', () => nodeResultsOf(u, unit));
    lazy(result, 'pillars', () => pillarResultsOf(u));
    result.notes = notes[u];
    results.push(result);
  }

  return {
    engineVersion: ENGINE_VERSION,
    framework: { code: framework.code, version: framework.version },
    units: results,
    rankedCount: ranked.rankedCount,
    treatment,
    ...(stages ? { stages } : {}),
  };
}

/** An enumerable property computed on first read and then kept (so JSON, spread and toEqual see a plain value). */
function lazy<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): void {
  const define = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = build();
      define(value);
      return value;
    },
    set: define,
  });
}
