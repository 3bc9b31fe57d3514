import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, canonicallyEqual } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { UnitOrderError } from '../engine';
import { isUnitLocal } from '../engine/rank-results';
import type { ScoredUnitInput } from '../scoring/score-inputs';
import { byCode, unitsScorer, type UnitScore } from '../scoring/score-results';
import { readCanonicalSnapshot, snapshotItems, SnapshotSyntaxError } from './canonical-snapshot-reader';
import { frozenResultsByCode } from './frozen-results';
import type { PublicationSnapshot } from './publication-snapshot';
import { Publication } from './publication.entity';
import { snapshotBytes, type SnapshotBytes } from './snapshot-bytes';
import { notRecomputed, recomputeWhole, type Recomputed } from './recomputed';
import { recomputeInBatches } from './unit-local-recompute';

export interface VerifyReport {
  publicationId: string;
  ok: boolean;
  problems: string[];
}

/**
 * The full check (publication:verify, the API): the snapshot's sha256, that the results served (the publication's
 * frozen rows) are the snapshot's, unit by unit, and the results recomputed from the snapshot's framework and
 * inputs with the engine. The snapshot is read twice, never whole: first hashed (and, for a framework that
 * normalises across units, its inputs parsed into the engine's columns as they are read, unitsScorer: the engine
 * needs them all, but not their objects); then its results compared, one at a time,
 * with the recomputed ones and with the frozen rows read a batch at a time in the same order. A unit-local
 * framework's (isUnitLocal) inputs are read in step with its results by a second reader and scored a batch at a
 * time, its ranks checked at the end from the values (recomputeInBatches): memory that does not grow with the
 * edition. All reads are in one repeatable-read transaction.
 */
export async function verifyPublication(db: DataSource, id: string): Promise<VerifyReport> {
  return db.transaction('REPEATABLE READ', async (manager) => {
    const source = await snapshotBytes(manager, id);
    const problems: string[] = [];
    const hash = createHash('sha256');
    const fields: Partial<PublicationSnapshot> = {};
    // The columns are sized for the frozen results' count: the snapshot's inputs, unless it was changed.
    const [{ n: expected }]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM publication_results WHERE publication_id = $1', [id]);
    let scorer: ReturnType<typeof unitsScorer> | undefined;
    // The engine's refusal (bad inputs, a framework it cannot compile), raised where scoring them all would.
    let refused: unknown;
    const parse = (unit: ScoredUnitInput): void => {
      if (refused !== undefined) return;
      try {
        if (!fields.framework) throw new Error("the snapshot's inputs come before its framework");
        (scorer ??= unitsScorer(fields.framework.document, expected)).add(unit);
      } catch (error) {
        refused = error;
      }
    };
    // Known once the framework is read (it comes before the inputs in the canonical order); asked per item.
    let local: boolean | undefined;
    const unitLocal = (): boolean => (local ??= fields.framework ? isUnitLocal(fields.framework.document) : undefined) ?? false;
    try {
      await readCanonicalSnapshot(source.text(hash), {
        field: (key, value) => void ((fields as Record<string, unknown>)[key] = value),
        item: (path, value) => void (path === 'inputs.units' && !unitLocal() && parse(value as ScoredUnitInput)),
        parse: (path) => path === 'inputs.units' && !unitLocal(),
      });
    } catch (error) {
      // A failed read (the database) is verify's failure, not the snapshot's.
      if (!(error instanceof SnapshotSyntaxError || error instanceof SyntaxError)) throw error;
      // Changed past parsing: nothing more to compare with (the hash is still the whole text's, read again).
      problems.push(...digestProblem(await sha256Of(source.pieces()), source.sha256));
      problems.push(`the snapshot is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return { publicationId: id, ok: false, problems };
    }
    problems.push(...digestProblem(hash.digest('hex'), source.sha256));
    const publication = await manager.findOneBy(Publication, { id });
    if (!publication) throw DomainException.notFound('publication', id);
    const { framework, run, cycle } = fields;
    if (!framework || !run || !cycle) {
      problems.push('the snapshot has no framework, run or cycle');
      return { publicationId: id, ok: false, problems };
    }
    if (run.resultsHash !== publication.resultsHash) {
      problems.push(`the snapshot's results hash is ${run.resultsHash}, the publication says ${publication.resultsHash}`);
    }
    const head = { cycleId: cycle.id, frameworkId: framework.id, frameworkContentHash: framework.contentHash, framework: framework.document, parameters: run.parameters };
    // Inputs out of code order are a changed snapshot (its sha256 says so too): reported, not a failure of verify.
    const unordered = !unitLocal() && refused instanceof UnitOrderError ? refused : null;
    if (unordered) problems.push(`the snapshot's inputs are not in code order (${unordered.message}): its results are not recomputed`);
    else if (!unitLocal() && refused !== undefined) throw refused;
    const recomputed = unitLocal()
      ? recomputeInBatches(head, snapshotItems(source.text(), 'inputs.units'))
      : unordered
        ? notRecomputed()
        : recomputeWhole((scorer ?? unitsScorer(framework.document, 0)).score(run.parameters));
    problems.push(...(await resultProblems(manager, id, source, recomputed)));
    return { publicationId: id, ok: problems.length === 0, problems };
  });
}

/**
 * The snapshot's results (its second read) against the engine's and against the frozen rows: all three in code
 * order (byCode), compared as they come, the snapshot's one at a time and the frozen rows a batch at a time.
 */
async function resultProblems(manager: EntityManager, id: string, source: SnapshotBytes, recomputed: Recomputed): Promise<string[]> {
  const problems: string[] = [];
  const frozen = await frozenResultsByCode(manager, id);
  const served = frozenInOrder(frozen.batches);
  let next = await served.next();
  let count = 0;
  await readCanonicalSnapshot(source.text(), {
    parse: (path) => path === 'results',
    item: async (path, value) => {
      if (path !== 'results') return;
      const unit = value as UnitScore;
      count++;
      const again = await recomputed.unit(unit);
      if (!again) problems.push(`${unit.code}: in the snapshot but not recomputed`);
      else if (!canonicallyEqual(unit, again)) problems.push(...differences(unit.code, unit, again, 'snapshot', 'recomputed'));
      // The frozen rows before this code are in no snapshot result; then this code's, if any.
      while (!next.done && byCode(next.value.code, unit.code) < 0) {
        problems.push(`${next.value.code}: in the frozen results but not in the snapshot`);
        next = await served.next();
      }
      if (next.done || next.value.code !== unit.code) problems.push(`${unit.code}: in the snapshot but not in the frozen results`);
      else {
        if (!canonicallyEqual(next.value, unit)) problems.push(...differences(unit.code, unit, next.value, 'snapshot', 'frozen'));
        next = await served.next();
      }
    },
  });
  for (; !next.done; next = await served.next()) problems.push(`${next.value.code}: in the frozen results but not in the snapshot`);
  problems.push(...(await recomputed.finish(count)));
  if (frozen.count !== count) problems.push(`${frozen.count} frozen results, ${count} in the snapshot`);
  return problems;
}

/** The sha256 of the pieces. */
async function sha256Of(pieces: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
}

export const digestProblem = (digest: string, sha256: string): string[] =>
  digest === sha256 ? [] : [`the snapshot's sha256 is ${digest}, the publication says ${sha256}`];

/** The frozen results one at a time, in the batches' order. */
async function* frozenInOrder(batches: AsyncIterable<UnitScore[]>): AsyncGenerator<UnitScore> {
  for await (const batch of batches) yield* batch;
}

/** The fields that differ between two versions of one unit's result, in words. */
function differences(code: string, a: UnitScore, b: UnitScore, aName: string, bName: string): string[] {
  const out: string[] = [];
  for (const key of ['index', 'indexRounded', 'rank', 'groupRank', 'ranked', 'status'] as const) {
    if (a[key] !== b[key]) out.push(`${code}.${key}: ${aName} ${String(a[key])}, ${bName} ${String(b[key])}`);
  }
  for (const part of ['nodes', 'pillars'] as const) {
    for (const node of new Set([...Object.keys(a[part]), ...Object.keys(b[part])])) {
      if (!canonicallyEqual(a[part][node], b[part][node])) {
        out.push(`${code}.${part}.${node}: ${aName} ${canonicalJson(a[part][node])}, ${bName} ${canonicalJson(b[part][node])}`);
      }
    }
  }
  return out.length ? out : [`${code}: differs (${aName} vs ${bName})`];
}
