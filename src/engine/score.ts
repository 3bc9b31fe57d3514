import { aggregateGroup, childMultipliers, MISSING, NOT_SCORED, OK, type ChildColumns, type NodeColumns } from './aggregate';
import { EngineInputError, type InputIssue } from './errors';
import type { Framework } from './framework.model';
import { isAbsent, parseNumber, parseRaw } from './input';
import { normalizeColumn } from './normalize';
import { compilePlan, type Plan, type PlanNode } from './plan';
import { imputeGroupMean } from './pipeline/impute';
import { availability } from './pipeline/screen';
import { treatColumn } from './pipeline/treat';
import { scorePillars } from './pillars';
import { competitionRanks, groupRanks } from './rank';
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
  const leafCodes = new Set(leaves.map((l) => nodes[l].code));
  for (const unit of all) {
    for (const code of Object.keys(unit.values ?? {})) {
      if (!leafCodes.has(code)) {
        issues.push({ code: 'unknown_indicator', unit: unit.code, indicator: code, message: `${unit.code}: ${code} is not an indicator of ${framework.code}` });
      }
    }
  }
  for (const li of leaves) {
    const leaf = nodes[li];
    const col = new Float64Array(N);
    const spec = leaf.parse!;
    const ruleName = leaf.rule?.rule;
    const max = leaf.maxPoints ?? 0;
    for (let u = 0; u < N; u++) {
      const unit = all[u];
      const raw = unit.values?.[leaf.code];
      if (ruleName === 'manual') {
        const given = unit.manualPoints?.[leaf.code];
        if (given === undefined || given === null) {
          col[u] = Number.NaN;
          continue;
        }
        const p = parseNumber(given);
        if (p === undefined || p < 0 || p > max) {
          issues.push({ code: 'manual_points', unit: unit.code, indicator: leaf.code, rule: 'manual', message: `${unit.code} ${leaf.code}: manual points ${String(given)} are outside 0..${max}` });
          continue;
        }
        col[u] = p;
        present[u]++;
        continue;
      }
      // The common case (a plain number) skips the general parser.
      let v: unknown;
      if (typeof raw === 'number' && spec.kind === 'number' && Number.isFinite(raw) && spec.min === undefined && spec.max === undefined && !spec.integer) {
        v = raw;
      } else if (isAbsent(raw)) {
        v = null;
      } else {
        const parsed = parseRaw(raw, spec);
        if ('issue' in parsed) {
          issues.push({ code: parsed.issue, unit: unit.code, indicator: leaf.code, rule: ruleName ?? leaf.normalization?.method, message: `${unit.code} ${leaf.code}: ${parsed.message}` });
          continue;
        }
        v = parsed.value;
      }
      if (v === null) {
        col[u] = Number.NaN;
        continue;
      }
      present[u]++;
      if (leaf.mode === 'normalize') {
        let x = v as number;
        if (pipeline.denominate && leaf.denominator) {
          const d = unit.denominators?.[leaf.denominator];
          // As COINr: without a denominator there is no denominated value, so it is missing (and said so).
          if (typeof d !== 'number' || !Number.isFinite(d) || d === 0) {
            noDenominator.push([u, li]);
            x = Number.NaN;
            present[u]--;
          } else x = x / d;
        }
        col[u] = x;
      } else {
        const p = leaf.rule!.points(v as never);
        if (p !== p) formulaNaN.push([u, li]);
        col[u] = p !== p ? Number.NaN : p < 0 ? 0 : p > max ? max : p;
      }
    }
    leafCols.set(li, col);
  }
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

  // 5. Leaf values, points and the missing-value policy.
  const nodeCols: NodeColumns[] = new Array<NodeColumns>(nodes.length);
  const inputs = new Map<number, Float64Array>();
  for (const li of leaves) {
    const leaf = nodes[li];
    const col = cols.get(li)!;
    const max = leaf.maxPoints;
    let value: Float64Array;
    if (leaf.mode === 'normalize') {
      inputs.set(li, col);
      const out = normalizeColumn(col, leaf.normalization!, leaf.direction);
      if (out.degenerate && n > 0) {
        for (let u = 0; u < n; u++) notes[u].push({ kind: 'not_scored', node: leaf.code, message: `${out.degenerate}: every unit gets the middle of the scale` });
      }
      value = out.values;
      keep(stages?.normalised, li, value);
    } else {
      value = new Float64Array(n);
      for (let u = 0; u < n; u++) value[u] = max! > 0 ? col[u] / max! : Number.NaN;
    }
    const points = new Float64Array(n);
    const maxCol = new Float64Array(n);
    const status = new Uint8Array(n);
    for (let u = 0; u < n; u++) {
      if (max === 0) {
        status[u] = NOT_SCORED;
        value[u] = Number.NaN;
        continue;
      }
      const v = value[u];
      if (v !== v) {
        if (missing === 'drop') {
          status[u] = MISSING;
          points[u] = Number.NaN;
          maxCol[u] = Number.NaN;
          notes[u].push({ kind: 'dropped', node: leaf.code, message: 'missing; left out and the weights renormalised' });
          continue;
        }
        value[u] = 0;
        notes[u].push({ kind: 'zero', node: leaf.code, message: missing === 'zero' ? 'missing; counted as zero' : 'missing and nothing to impute from; counted as zero' });
      }
      points[u] = max === undefined ? Number.NaN : value[u] * max;
      maxCol[u] = max === undefined ? Number.NaN : max;
    }
    nodeCols[li] = { value, points, max: maxCol, status };
  }

  // 6. Groups bottom-up (nodes are in post-order).
  const childrenOf = (g: PlanNode): ChildColumns[] => g.children.map((c) => ({ code: nodes[c].code, cols: nodeCols[c], weight: nodes[c].weight }));
  for (const gi of plan.groups) {
    const g = nodes[gi];
    nodeCols[gi] = aggregateGroup(g.code, g.aggregation, g.maxPoints, childrenOf(g), n);
  }
  const root = nodeCols[plan.root];

  // 7. Contributions top-down.
  const mult: Float64Array[] = new Array<Float64Array>(nodes.length);
  mult[plan.root] = new Float64Array(n).fill(scale);
  for (let gi = plan.groups.length - 1; gi >= 0; gi--) {
    const g = nodes[plan.groups[gi]];
    const m = childMultipliers(g.aggregation, mult[g.index], nodeCols[g.index], childrenOf(g), n);
    g.children.forEach((c, j) => (mult[c] = m[j]));
  }

  // 8. Pillars and ranks.
  const pillars = scorePillars(plan, nodeCols, n);
  const eligible = units.map((u, i) => u.ranked !== false && root.status[i] === OK);
  const rounded = (v: number, i: number): number | null => (eligible[i] && v === v ? roundTo(v * scale, precision) : null);
  const indexRounded = Array.from(root.value, (v, i) => (root.status[i] === OK ? roundTo(v * scale, precision) : null));
  const rankValues = indexRounded.map((v, i) => (eligible[i] ? v : null));
  const ranks = competitionRanks(rankValues);
  const rankWithin = options.rankWithin ?? framework.result.rankWithin;
  const groupOf = rankWithin ? units.map((u) => u.groups?.[rankWithin] ?? '') : undefined;
  const gRanks = groupOf ? groupRanks(rankValues, groupOf) : undefined;
  const rankNodes = options.rankNodes ?? 'groups';
  const nodeRanks = new Map<number, (number | null)[]>();
  const nodeGroupRanks = new Map<number, (number | null)[]>();
  if (rankNodes !== 'none') {
    for (const node of nodes) {
      if (node.index === plan.root || (rankNodes === 'groups' && node.isLeaf)) continue;
      const vals = Array.from(nodeCols[node.index].value, rounded);
      nodeRanks.set(node.index, competitionRanks(vals));
      if (groupOf) nodeGroupRanks.set(node.index, groupRanks(vals, groupOf));
    }
  }
  const pillarRanks = pillars.map((p) => {
    const vals = Array.from(p.cols.value, rounded);
    return { all: rankNodes === 'none' ? undefined : competitionRanks(vals), group: groupOf && rankNodes !== 'none' ? groupRanks(vals, groupOf) : undefined };
  });

  // 9. Results per unit, screened-out units included so that nothing disappears silently.
  const finite = (x: number): number | null => (x === x ? x : null);
  const results: UnitResult[] = [];
  let k = 0;
  for (let a = 0; a < N; a++) {
    const unit = all[a];
    if (active[k] !== a) {
      results.push({ code: unit.code, ranked: false, status: 'screened_out', index: null, indexRounded: null, rank: null, nodes: {}, pillars: {}, notes: notesAll[a] });
      continue;
    }
    const u = k++;
    const nodeResults: Record<string, NodeResult> = {};
    for (const node of nodes) {
      if (node.index === plan.root) continue;
      const c = nodeCols[node.index];
      const ok = c.status[u] === OK;
      const r: NodeResult = {
        value: ok ? c.value[u] : null,
        points: c.status[u] === MISSING ? null : finite(c.points[u]),
        maxPoints: c.status[u] === MISSING ? null : finite(c.max[u]),
        contribution: ok ? finite(mult[node.index][u] * c.value[u]) : c.status[u] === MISSING ? null : 0,
        rank: nodeRanks.get(node.index)?.[u] ?? null,
      };
      if (groupOf) r.groupRank = nodeGroupRanks.get(node.index)?.[u] ?? null;
      if (node.isLeaf) {
        r.raw = node.rule?.rule === 'manual' ? unit.manualPoints?.[node.code] : unit.values?.[node.code];
        const inp = inputs.get(node.index);
        if (inp) r.input = finite(inp[u]);
      }
      nodeResults[node.code] = r;
    }
    const pillarResults: Record<string, PillarResult> = {};
    pillars.forEach((p, j) => {
      const ok = p.cols.status[u] === OK;
      const r: PillarResult = {
        value: ok ? p.cols.value[u] : null,
        points: ok ? finite(p.cols.points[u]) : null,
        maxPoints: ok ? finite(p.cols.max[u]) : null,
        rank: pillarRanks[j].all?.[u] ?? null,
      };
      if (groupOf) r.groupRank = pillarRanks[j].group?.[u] ?? null;
      pillarResults[p.code] = r;
    });
    const hasIndex = root.status[u] === OK;
    if (!hasIndex) notes[u].push({ kind: 'no_index', message: 'no index: every indicator is missing or not scored' });
    const result: UnitResult = {
      code: unit.code,
      ranked: eligible[u],
      status: hasIndex ? 'scored' : 'no_index',
      index: hasIndex ? root.value[u] * scale : null,
      indexRounded: indexRounded[u],
      rank: ranks[u],
      nodes: nodeResults,
      pillars: pillarResults,
      notes: notes[u],
    };
    if (groupOf) {
      result.group = groupOf[u];
      result.groupRank = gRanks![u];
    }
    results.push(result);
  }

  return {
    engineVersion: ENGINE_VERSION,
    framework: { code: framework.code, version: framework.version },
    units: results,
    rankedCount: ranks.filter((r) => r !== null).length,
    treatment,
    ...(stages ? { stages } : {}),
  };
}
