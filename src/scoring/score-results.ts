import { ContentHashOfItems, contentHash, contentHashOfBatches } from '../common/content-hash';
import { compilePlan, forEachNode, score, UnitStream } from '../engine';
import type { ScoreResult as EngineResult, ScoreOptions, UnitResult as EngineUnit } from '../engine/types';
import type { ScoreInputs, ScoredUnitInput } from './score-inputs';
import type { ScoreResult } from './score-result.entity';
import type { StoredNodeResult } from './stored-node-result';

/** A unit's result as stored and published: the same shape in score_results and in a publication's snapshot. */
export interface UnitScore {
  unitId: string;
  code: string;
  unitGroup: string | null;
  ranked: boolean;
  status: string;
  index: number | null;
  indexRounded: number | null;
  rank: number | null;
  groupRank: number | null;
  nodes: Record<string, StoredNodeResult>;
  pillars: Record<string, StoredNodeResult>;
  notes: { kind: string; node?: string; message: string }[];
}

// Keys in sorted order: contentHash then reads the millions of these objects without sorting their keys.
const pick = (n: { value: number | null; points: number | null; maxPoints: number | null; contribution?: number | null; rank: number | null; groupRank?: number | null }): StoredNodeResult =>
  n.groupRank !== undefined
    ? { contribution: n.contribution ?? null, groupRank: n.groupRank, maxPoints: n.maxPoints, points: n.points, rank: n.rank, value: n.value }
    : { contribution: n.contribution ?? null, maxPoints: n.maxPoints, points: n.points, rank: n.rank, value: n.value };

/** pick of each of a unit's records, in their order; a plain loop, as 10,000 units have 2,240,000 of them. */
function pickAll(records: Record<string, Parameters<typeof pick>[0]>): Record<string, StoredNodeResult> {
  const out: Record<string, StoredNodeResult> = {};
  for (const code in records) out[code] = pick(records[code]);
  return out;
}

/** pickAll of the unit's node results, read with forEachNode: the engine builds no record of its own per node. */
function pickNodes(unit: EngineUnit): Record<string, StoredNodeResult> {
  const out: Record<string, StoredNodeResult> = {};
  forEachNode(unit, (code, node) => {
    out[code] = pick(node);
  });
  return out;
}

/**
 * Scores the inputs with the engine and shapes the results for storage; deterministic for equal inputs. `options`
 * override the run's parameters (a batch of a split run is scored with rankNodes 'none' and ranked later).
 */
export function computeScores(inputs: ScoreInputs, options: ScoreOptions = {}): { engine: EngineResult; units: UnitScore[] } {
  const scored = scoreUnits(inputs, options);
  return { engine: scored.engine, units: scored.engine.units.map((_, i) => scored.unitScore(i)) };
}

/**
 * The engine's results, each shaped for storage only when asked for (unitScore(i) of engine.units[i]): a caller that
 * compares them one at a time (a publication's verify) does not hold both shapes of every unit at once.
 */
export function scoreUnits(inputs: ScoreInputs, options: ScoreOptions = {}): ScoredUnits {
  const engine = score(inputs.framework, inputs.units, { ...inputs.parameters, ...options });
  return shaped(engine, new Map(inputs.units.map((u) => [u.code, { unitId: u.unitId, unitGroup: u.unitGroup }])));
}

export type ScoredUnits = { engine: EngineResult; units: EngineResult['units']; unitScore(i: number): UnitScore };

/**
 * scoreUnits of units given one at a time (in code order, each once: the engine's UnitStream), each parsed as it
 * comes: a caller reading them from a stream (a publication's verify) never holds them all. `expected`: about how
 * many will come. The framework is enough to parse; the parameters are needed only to score.
 */
export function unitsScorer(framework: ScoreInputs['framework'], expected: number): { add(unit: ScoredUnitInput): void; score(parameters: ScoreOptions): ScoredUnits } {
  const stream = new UnitStream(compilePlan(framework), expected);
  const byCode = new Map<string, { unitId: string; unitGroup: string | null }>();
  return {
    add: (unit) => {
      stream.add(unit);
      byCode.set(unit.code, { unitId: unit.unitId, unitGroup: unit.unitGroup });
    },
    score: (parameters) => shaped(stream.score(parameters), byCode),
  };
}

/** The engine's results with unitScore(i), shaping engine.units[i] for storage when asked. */
function shaped(engine: EngineResult, byCode: Map<string, { unitId: string; unitGroup: string | null }>): ScoredUnits {
  return {
    engine,
    units: engine.units,
    unitScore: (i) => {
      const r = engine.units[i];
      const unit = byCode.get(r.code)!;
      return {
        unitId: unit.unitId,
        code: r.code,
        unitGroup: unit.unitGroup,
        ranked: r.ranked,
        status: r.status,
        index: r.index,
        indexRounded: r.indexRounded,
        rank: r.rank,
        groupRank: r.groupRank ?? null,
        nodes: pickNodes(r),
        pillars: pickAll(r.pillars),
        notes: r.notes.map((n) => ({ kind: n.kind, ...(n.node ? { node: n.node } : {}), message: n.message })),
      };
    },
  };
}

/** The order of results in their hash: by code, in UTF-16 code units (not a database collation). */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What of a result its hash covers: all but the unit id. */
const hashed = ({ unitId: _id, ...rest }: UnitScore): Omit<UnitScore, 'unitId'> => rest;

/** The hash of results by content, the same however and wherever they were computed. */
export const hashResults = (units: UnitScore[]): string => contentHash([...units].sort((a, b) => byCode(a.code, b.code)).map(hashed));

/** hashResults of `count` results read a batch at a time, already in byCode order, without holding them all. */
export function hashResultBatches(count: number, batches: AsyncIterable<UnitScore[]>): Promise<string> {
  return contentHashOfBatches(
    count,
    (async function* () {
      for await (const batch of batches) yield batch.map(hashed);
    })(),
  );
}

/** hashResults of `count` results given one by one, in byCode order, as a writer meets them. */
export function resultsHasher(count: number): { add(unit: UnitScore): void; digest(): string } {
  const hash = new ContentHashOfItems(count);
  return { add: (unit) => hash.add(hashed(unit)), digest: () => hash.digest() };
}

/**
 * A stored result row (a run's, or a publication's frozen copy) as the unit's result: the shape of hashResults and
 * of a publication's snapshot.
 */
export const toUnitScore = (r: Omit<ScoreResult, 'runId'>): UnitScore => ({
  unitId: r.unitId,
  code: r.unitCode,
  unitGroup: r.unitGroup,
  ranked: r.ranked,
  status: r.status,
  index: r.index,
  indexRounded: r.indexRounded,
  rank: r.rank,
  groupRank: r.groupRank,
  nodes: r.nodes,
  pillars: r.pillars,
  notes: r.notes,
});
