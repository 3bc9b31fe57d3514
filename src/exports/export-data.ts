import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { publishedAnalysis } from '../analysis/published-analysis';
import { DomainException } from '../common/domain.exception';
import { findCycleRow } from '../cycles/cycles.queries';
import { cursorBatches } from '../database/cursor-batches';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { frameworkVersionById, type FrameworkVersionRow } from '../frameworks/framework-versions.queries';
import {
  RANK_ORDER,
  RANKING_NODES_COLUMNS,
  frozenUnitResult,
  type FrozenRankingNodesRow,
  publicationIsGrouped,
  publicationUnitCount,
  publicationUnitIds,
  rankedResultsSql,
} from '../publications/publication-results.queries';
import { findPublicationRow, type PublicationRow } from '../publications/publications.queries';
import { reviewedValuesOfUnit } from '../reviews/final-values.queries';
import { pickedNodes } from '../scoring/result-node-sql';
import { scoreRunById } from '../scoring/score-runs.queries';
import { unitAnswersInCycle } from '../submissions/answers.queries';
import { cycleAnswerBatches, cycleDataCounts, cycleDataUnitIds, cycleEvidenceBatches, cycleSystemValueBatches } from '../submissions/cycle-data.queries';
import { unitSystemValuesInCycle } from '../submissions/system-values.queries';
import { unitNamesByIds, unitsByIdsByCode } from '../units/units.queries';
import { userEmails } from '../users/users.queries';
import type { CycleAnswerRow, CycleDataWorkbookData, CycleEvidenceRow, CycleSystemValueRow } from './cycle-data-workbook';
import {
  rankingFileName,
  writeRankingWorkbook,
  type NodeResultCells,
  type RankingDetailRow,
  type RankingUnitStream,
  type RankingWorkbookData,
  type RankingWorkbookUnit,
} from './ranking-workbook';
import { scoreCardFileName, writeScoreCardWorkbook, type ScoreCardAnswer, type ScoreCardWorkbookData } from './score-card-workbook';
import type { ExportProgress } from './export-progress';

/**
 * Reading what the workbooks show, from PostgreSQL, with bounded memory: the large parts (a ranking's leaf
 * matrix, a cycle's answers) come through server-side cursors in batches. Call these inside one read-only
 * REPEATABLE READ transaction (withSnapshot) so that every sheet of a file sees the same data.
 */

/** Runs fn in a read-only REPEATABLE READ transaction on its own connection: one consistent snapshot. */
export async function withSnapshot<T>(db: DataSource, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    const result = await fn(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

export interface LoadedPublication {
  publication: PublicationRow;
  framework: FrameworkVersionRow;
}

export async function loadPublication(runner: QueryRunner, publicationId: string): Promise<LoadedPublication> {
  const publication = await findPublicationRow(runner.manager, publicationId);
  if (!publication) throw DomainException.notFound('publication', publicationId);
  const run = await scoreRunById(runner.manager, publication.runId);
  const framework = await frameworkVersionById(runner.manager, run.frameworkId);
  return { publication, framework };
}

/**
 * Units per FETCH of the leaf matrix: each row is ~9 KB of JSON text, parsed into two arrays of 224 numbers and laid
 * out again, and a batch is in flight while the one before is written; 200 rather than 500 keeps ~10 MB less alive.
 */
const DETAIL_BATCH = 200;

/**
 * A unit's stored node results cut down, in place, to what the workbook reads (value, points, rank): every unit's
 * are kept until the last sheet. Each result is replaced under its own key, so the object keeps the fast layout
 * JSON.parse gave it (an object built key by key past a dozen keys goes to a dictionary, 1.6 KB a unit).
 */
function slimCells(doc: Record<string, NodeResultCells | undefined> | null): Record<string, NodeResultCells | undefined> {
  if (!doc) return {};
  for (const key in doc) {
    const n = doc[key];
    if (n) doc[key] = { value: n.value ?? null, points: n.points ?? null, rank: n.rank ?? null };
  }
  return doc;
}

/** A publication's frozen results in ranking order, as a FROM item named r (the publication's id is $1). */
const RANKED_RESULTS = rankedResultsSql('$1');

/**
 * A publication's ranking, for the workbook: the groups', main indicators' and pillars' results of every unit
 * through a cursor while the first sheet is written (then kept: a few dozen numbers per unit), the leaves through
 * another when the detail sheet is written.
 */
export async function loadRankingWorkbookData(runner: QueryRunner, publicationId: string): Promise<RankingWorkbookData> {
  const { publication, framework } = await loadPublication(runner, publicationId);
  const doc = framework.document;
  const leafCodes = frameworkLeaves(doc).map((l) => l.node.code);
  const leafSet = new Set(leafCodes);
  const groupCodes: string[] = [];
  const walk = (nodes: typeof doc.nodes) => {
    for (const n of nodes) {
      if (!leafSet.has(n.code)) groupCodes.push(n.code);
      if (n.children) walk(n.children);
    }
  };
  walk(doc.nodes);
  // The units' names from the registry, once (a few hundred kB at 10,000 units), merged into each batch by id.
  const names = await unitNamesByIds(runner.manager, await publicationUnitIds(runner.manager, publication.id));
  const toUnit = (r: FrozenRankingNodesRow): RankingWorkbookUnit => {
    const prev = publication.previous?.[r.unit_id];
    return {
      code: r.unit_code,
      nameVi: names.get(r.unit_id)?.nameVi ?? r.unit_code,
      unitGroup: r.unit_group,
      ranked: r.ranked,
      rank: r.rank,
      groupRank: r.group_rank,
      index: r.index_rounded,
      previous: prev ? { value: prev.value, rank: prev.rank } : null,
      nodes: slimCells(r.nodes),
      pillars: slimCells(r.pillars),
    };
  };
  const units: RankingUnitStream = {
    grouped: await publicationIsGrouped(runner.manager, publication.id),
    batches: async function* () {
      const batches = cursorBatches<FrozenRankingNodesRow>(
        runner,
        `SELECT ${RANKING_NODES_COLUMNS}
           FROM ${RANKED_RESULTS}
          ${pickedNodes(groupCodes, 2)}
          ${RANK_ORDER}`,
        [publication.id, ...groupCodes],
        500,
      );
      for await (const batch of batches) yield batch.map(toUnit);
    },
  };
  return {
    publication: {
      id: publication.id,
      year: publication.year,
      level: publication.level,
      version: publication.version,
      sha256: publication.sha256,
      publishedAt: publication.publishedAt,
      reason: publication.reason,
    },
    framework: { code: framework.code, version: framework.version, nameVi: framework.nameVi, document: doc },
    units,
    // The analysis frozen with the publication, from its snapshot (the beginning of it only), as the public API serves it.
    analysis: await publishedAnalysis(runner.manager, publication.id),
    details: async function* () {
      // Every node's value and points as two arrays in the document's own order (PostgreSQL walks each document
      // once: picking the leaves out by key was 3 times slower at 200 leaves), and its keys as one string. jsonb
      // keeps a document's keys in one order for one set of keys, so the keys are parsed only when they differ from
      // the previous unit's (every unit of a run has the same nodes, as the scoring writes them).
      const batches = cursorBatches<{ unit_code: string; keys: string; values: (number | null)[]; points: (number | null)[] }>(
        runner,
        `SELECT r.unit_code, d.keys, d.values, d.points
           FROM ${RANKED_RESULTS}
          CROSS JOIN LATERAL (
                SELECT array_to_string(ARRAY(SELECT jsonb_object_keys(x.doc)), ' ') AS keys,
                       jsonb_path_query_array(x.doc, '$.*.value') AS values, jsonb_path_query_array(x.doc, '$.*.points') AS points
                  FROM (SELECT r.nodes || '{}'::jsonb AS doc OFFSET 0) x) d
          ${RANK_ORDER}`,
        [publication.id],
        DETAIL_BATCH,
      );
      const position = new Map(leafCodes.map((code, i) => [code, i]));
      let layoutKeys: string | null = null;
      /** For each leaf (frameworkLeaves order), its index in the arrays, or -1. */
      let layout: number[] = [];
      let keyCount = 0;
      for await (const batch of batches) {
        yield batch.map((b): RankingDetailRow => {
          if (b.keys !== layoutKeys) {
            // Codes have no spaces (the framework schema's pattern); were one to, the lengths below would not match.
            const keys = b.keys === '' ? [] : b.keys.split(' ');
            layout = leafCodes.map(() => -1);
            keys.forEach((key, j) => {
              const i = position.get(key);
              if (i !== undefined) layout[i] = j;
            });
            layoutKeys = b.keys;
            keyCount = keys.length;
          }
          if (b.values.length !== keyCount || b.points.length !== keyCount) {
            throw new Error(`the stored results of unit ${b.unit_code} lack a value or points for some node`);
          }
          const values = new Array<number | null>(layout.length);
          const points = new Array<number | null>(layout.length);
          for (let i = 0; i < layout.length; i++) {
            const j = layout[i];
            values[i] = j < 0 ? null : b.values[j];
            points[i] = j < 0 ? null : b.points[j];
          }
          return { code: b.unit_code, values, points };
        });
      }
    },
  };
}

/** A unit's score card: its published result, its answers and the system values of the cycle. */
export async function loadScoreCardData(runner: QueryRunner, publicationId: string, unitCode: string): Promise<ScoreCardWorkbookData> {
  const { publication, framework } = await loadPublication(runner, publicationId);
  const result = await frozenUnitResult(runner.manager, publication.id, unitCode);
  if (!result) throw DomainException.notFound('unit', `${unitCode} in publication ${publicationId}`);
  const name = (await unitNamesByIds(runner.manager, [result.unit_id])).get(result.unit_id);
  const n = await publicationUnitCount(runner.manager, publication.id, result.unit_group);
  const answers = await unitAnswersInCycle(runner.manager, publication.cycleId, result.unit_id);
  const system = await unitSystemValuesInCycle(runner.manager, publication.cycleId, result.unit_id);
  const reviewed = await reviewedValuesOfUnit(runner.manager, publication.cycleId, result.unit_id);
  return {
    publication: {
      id: publication.id,
      year: publication.year,
      level: publication.level,
      version: publication.version,
      sha256: publication.sha256,
      publishedAt: publication.publishedAt,
    },
    framework: { code: framework.code, version: framework.version, nameVi: framework.nameVi, document: framework.document },
    unit: { code: unitCode, nameVi: name?.nameVi ?? unitCode, unitGroup: result.unit_group },
    result: {
      index: result.index_rounded,
      rank: result.rank,
      groupRank: result.group_rank,
      ranked: result.ranked,
      nodes: result.nodes,
      pillars: result.pillars,
    },
    unitCount: n,
    answers: Object.fromEntries(
      answers.map((a): [string, ScoreCardAnswer] => [a.indicatorCode, { value: a.value, note: a.note, selfPoints: a.selfPoints }]),
    ),
    systemValues: Object.fromEntries(system.filter((v) => v.value !== null).map((v) => [v.indicatorCode, v.value])),
    reviewed: Object.fromEntries(reviewed.map((v) => [v.indicatorCode, v.value])),
  };
}

/**
 * Everything a cycle holds, for analysts: answers, system values and evidence, each through a cursor, by unit in the
 * registry's code order. The units' codes and names and the writers' e-mails are read once and merged into each
 * batch by id.
 */
export async function loadCycleData(runner: QueryRunner, cycleId: string): Promise<CycleDataWorkbookData> {
  const cycle = await findCycleRow(runner.manager, cycleId);
  if (!cycle) throw DomainException.notFound('cycle', cycleId);
  const framework = await frameworkVersionById(runner.manager, cycle.frameworkId);
  const counts = await cycleDataCounts(runner.manager, cycleId);
  const units = await unitsByIdsByCode(runner.manager, await cycleDataUnitIds(runner.manager, cycleId));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const order = units.map((u) => u.id);
  const emails = await userEmails(runner.manager);
  const email = (id: string | null): string | null => (id === null ? null : (emails.get(id) ?? null));
  return {
    cycle: { id: cycle.id, year: cycle.year, level: cycle.level, nameVi: cycle.nameVi, phase: cycle.phase },
    framework: { code: framework.code, version: framework.version, document: framework.document },
    counts,
    answers: async function* () {
      for await (const batch of cycleAnswerBatches(runner, cycleId, order)) {
        yield batch.map(({ unitId, updatedById, ...a }): CycleAnswerRow => {
          const unit = unitById.get(unitId)!;
          return { unitCode: unit.code, unitName: unit.nameVi, ...a, updatedBy: email(updatedById) };
        });
      }
    },
    systemValues: async function* () {
      for await (const batch of cycleSystemValueBatches(runner, cycleId, order)) {
        yield batch.map(({ unitId, ...v }): CycleSystemValueRow => {
          const unit = unitById.get(unitId)!;
          return { unitCode: unit.code, unitName: unit.nameVi, ...v };
        });
      }
    },
    evidence: async function* () {
      for await (const batch of cycleEvidenceBatches(runner, cycleId, order)) {
        yield batch.map(({ unitId, createdById, ...e }): CycleEvidenceRow => {
          const unit = unitById.get(unitId)!;
          return { ...e, unitCode: unit.code, unitName: unit.nameVi, createdBy: email(createdById) };
        });
      }
    },
  };
}

/**
 * The ranking workbook of a publication written to a file, without HTTP or the queue (for `npm run demo` and the
 * benchmark): e.g. writeRankingWorkbookToFile(db, publication.id, 'out/dti-2022-province.xlsx').
 */
export async function writeRankingWorkbookToFile(
  db: DataSource,
  publicationId: string,
  path: string,
  onProgress?: ExportProgress,
): Promise<{ path: string; fileName: string; sizeBytes: number; sha256: string; units: number }> {
  return withSnapshot(db, async (runner) => {
    const data = await loadRankingWorkbookData(runner, publicationId);
    const { units } = await writeRankingWorkbook(data, path, onProgress);
    return { path, fileName: rankingFileName(data.publication), ...(await writtenFile(path)), units };
  });
}

/** A unit's score card of a publication written to a file (for `npm run demo`: the national level's one unit). */
export async function writeScoreCardWorkbookToFile(
  db: DataSource,
  publicationId: string,
  unitCode: string,
  path: string,
): Promise<{ path: string; fileName: string; sizeBytes: number; sha256: string }> {
  return withSnapshot(db, async (runner) => {
    const data = await loadScoreCardData(runner, publicationId, unitCode);
    await writeScoreCardWorkbook(data, path);
    return { path, fileName: scoreCardFileName(data.publication, unitCode), ...(await writtenFile(path)) };
  });
}

async function writtenFile(path: string): Promise<{ sizeBytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sizeBytes: (await stat(path)).size, sha256: hash.digest('hex') };
}
