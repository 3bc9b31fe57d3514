import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { Cycle } from '../cycles/cycle.entity';
import type { RawValue } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { FrameworkVersion } from '../frameworks/framework-version.entity';
import { Publication } from '../publications/publication.entity';
import { finalInForce } from '../reviews/final-value.entity';
import { ScoreRun } from '../scoring/score-run.entity';
import type { StoredNodeResult } from '../scoring/score-result.entity';
import { pickedNodes } from '../scoring/result-node-sql';
import type { CycleAnswerRow, CycleDataWorkbookData, CycleEvidenceRow, CycleSystemValueRow } from './cycle-data-workbook';
import {
  rankingFileName,
  writeRankingWorkbook,
  type RankingDetailRow,
  type RankingUnitStream,
  type RankingWorkbookData,
  type RankingWorkbookUnit,
} from './ranking-workbook';
import type { ScoreCardAnswer, ScoreCardWorkbookData } from './score-card-workbook';
import type { ExportProgress } from './export-progress';

/**
 * Reading what the workbooks show, from PostgreSQL, with bounded memory: the large parts (a ranking's leaf
 * matrix, a cycle's answers) come through server-side cursors in batches. Call these inside one read-only
 * REPEATABLE READ transaction (withSnapshot) so that every sheet of a file sees the same data.
 */

const BATCH = 1000;
let cursorSeq = 0;

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

/**
 * A query's rows in batches through a server-side cursor (the runner must be in a transaction). The next batch is
 * fetched while the caller works on this one, so that PostgreSQL and the workbook writer run side by side.
 */
export async function* cursorBatches<T>(runner: QueryRunner, sql: string, params: unknown[], size = BATCH): AsyncGenerator<T[]> {
  const name = `export_cursor_${++cursorSeq}`;
  await runner.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  const fetch = (): Promise<T[]> => {
    const rows: Promise<T[]> = runner.query(`FETCH ${size} FROM ${name}`);
    // Handled until awaited: a failure while the caller is busy must not count as an unhandled rejection.
    rows.catch(() => undefined);
    return rows;
  };
  let next = fetch();
  try {
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return;
      next = fetch();
      yield rows;
    }
  } finally {
    // A caller that stops early leaves a fetch in flight: it must end before the cursor closes.
    await next.catch(() => undefined);
    await runner.query(`CLOSE ${name}`).catch(() => undefined);
  }
}

export interface LoadedPublication {
  publication: Publication;
  framework: FrameworkVersion;
}

export async function loadPublication(runner: QueryRunner, publicationId: string): Promise<LoadedPublication> {
  const publication = await runner.manager.findOne(Publication, {
    select: { id: true, cycleId: true, runId: true, year: true, level: true, version: true, sha256: true, previous: true, publishedAt: true, reason: true },
    where: { id: publicationId },
  });
  if (!publication) throw DomainException.notFound('publication', publicationId);
  const run = await runner.manager.findOneByOrFail(ScoreRun, { id: publication.runId });
  const framework = await runner.manager.findOneByOrFail(FrameworkVersion, { id: run.frameworkId });
  return { publication, framework };
}

const RANK_ORDER = 'ORDER BY r.rank ASC NULLS LAST, r.index_rounded DESC NULLS LAST, r.unit_code';

/**
 * A publication's frozen results in ranking order, as a FROM item named r (the publication's id is $1). The rows are sorted as stored,
 * before anything is computed from their documents: a sort above the computing would have PostgreSQL work through
 * every document before the first FETCH (1.3 s at 10,000 units, spilling the arrays to disk), where this way each
 * FETCH computes its own batch while the workbook writes the one before. The unit's name is joined in there too: a
 * join above would sort again. The outer query repeats RANK_ORDER, which the subquery already satisfies.
 */
const RANKED_RESULTS = `(SELECT r.*, u.name_vi FROM publication_results r LEFT JOIN units u ON u.id = r.unit_id
                          WHERE r.publication_id = $1 ${RANK_ORDER} OFFSET 0) r`;

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
  type UnitRow = {
    unit_id: string;
    unit_code: string;
    unit_group: string | null;
    ranked: boolean;
    rank: number | null;
    group_rank: number | null;
    index_rounded: number | null;
    name_vi: string | null;
    nodes: Record<string, StoredNodeResult> | null;
    pillars: Record<string, StoredNodeResult>;
  };
  const toUnit = (r: UnitRow): RankingWorkbookUnit => {
    const prev = publication.previous?.[r.unit_id];
    return {
      code: r.unit_code,
      nameVi: r.name_vi ?? r.unit_code,
      unitGroup: r.unit_group,
      ranked: r.ranked,
      rank: r.rank,
      groupRank: r.group_rank,
      index: r.index_rounded,
      previous: prev ? { value: prev.value, rank: prev.rank } : null,
      nodes: r.nodes ?? {},
      pillars: r.pillars ?? {},
    };
  };
  const [{ grouped }]: { grouped: boolean | null }[] = await runner.query(
    'SELECT bool_or(unit_group IS NOT NULL) AS grouped FROM publication_results WHERE publication_id = $1',
    [publication.id],
  );
  const units: RankingUnitStream = {
    grouped: grouped === true,
    batches: async function* () {
      const batches = cursorBatches<UnitRow>(
        runner,
        `SELECT r.unit_id, r.unit_code, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, r.name_vi, r.pillars, g.nodes
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
        500,
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
  const [result]: {
    unit_id: string;
    unit_group: string | null;
    ranked: boolean;
    rank: number | null;
    group_rank: number | null;
    index_rounded: number | null;
    nodes: Record<string, StoredNodeResult>;
    pillars: Record<string, StoredNodeResult>;
    name_vi: string | null;
  }[] = await runner.query(
    `SELECT r.unit_id, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, r.nodes, r.pillars, u.name_vi
       FROM publication_results r LEFT JOIN units u ON u.id = r.unit_id WHERE r.publication_id = $1 AND r.unit_code = $2`,
    [publication.id, unitCode],
  );
  if (!result) throw DomainException.notFound('unit', `${unitCode} in publication ${publicationId}`);
  const [{ n }] = await runner.query('SELECT count(*)::int AS n FROM publication_results WHERE publication_id = $1', [publication.id]);
  const answers: { indicator_code: string; value: RawValue; note: string | null; self_points: number | null }[] = await runner.query(
    `SELECT a.indicator_code, a.value, a.note, a.self_points FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND s.unit_id = $2`,
    [publication.cycleId, result.unit_id],
  );
  const system: { indicator_code: string; value: RawValue }[] = await runner.query(
    'SELECT indicator_code, value FROM system_values WHERE cycle_id = $1 AND unit_id = $2',
    [publication.cycleId, result.unit_id],
  );
  const reviewed: { indicator_code: string; value: RawValue }[] = await runner.query(
    `SELECT indicator_code, value FROM final_values WHERE cycle_id = $1 AND unit_id = $2 AND value IS NOT NULL AND ${finalInForce()}`,
    [publication.cycleId, result.unit_id],
  );
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
    unit: { code: unitCode, nameVi: result.name_vi ?? unitCode, unitGroup: result.unit_group },
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
      answers.map((a): [string, ScoreCardAnswer] => [a.indicator_code, { value: a.value, note: a.note, selfPoints: a.self_points }]),
    ),
    systemValues: Object.fromEntries(system.filter((v) => v.value !== null).map((v) => [v.indicator_code, v.value])),
    reviewed: Object.fromEntries(reviewed.map((v) => [v.indicator_code, v.value])),
  };
}

/** Everything a cycle holds, for analysts: answers, system values and evidence, each through a cursor. */
export async function loadCycleData(runner: QueryRunner, cycleId: string): Promise<CycleDataWorkbookData> {
  const cycle = await runner.manager.findOneBy(Cycle, { id: cycleId });
  if (!cycle) throw DomainException.notFound('cycle', cycleId);
  const framework = await runner.manager.findOneByOrFail(FrameworkVersion, { id: cycle.frameworkId });
  const [counts]: { answers: number; system_values: number; evidence: number }[] = await runner.query(
    `SELECT (SELECT count(*)::int FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1) AS answers,
            (SELECT count(*)::int FROM system_values WHERE cycle_id = $1) AS system_values,
            (SELECT count(*)::int FROM evidence e JOIN submissions s ON s.id = e.submission_id WHERE s.cycle_id = $1) AS evidence`,
    [cycleId],
  );
  return {
    cycle: { id: cycle.id, year: cycle.year, level: cycle.level, nameVi: cycle.nameVi, phase: cycle.phase },
    framework: { code: framework.code, version: framework.version, document: framework.document },
    counts: { answers: counts.answers, systemValues: counts.system_values, evidence: counts.evidence },
    answers: () =>
      cursorBatches<CycleAnswerRow>(
        runner,
        `SELECT u.code AS "unitCode", u.name_vi AS "unitName", s.status AS "submissionStatus", a.indicator_code AS "indicatorCode",
                a.value, a.note, a.self_points AS "selfPoints", a.updated_at AS "updatedAt", us.email AS "updatedBy"
           FROM answers a JOIN submissions s ON s.id = a.submission_id JOIN units u ON u.id = s.unit_id
           LEFT JOIN users us ON us.id = a.updated_by_id
          WHERE s.cycle_id = $1 ORDER BY u.code, a.indicator_code`,
        [cycleId],
      ),
    systemValues: () =>
      cursorBatches<CycleSystemValueRow>(
        runner,
        `SELECT u.code AS "unitCode", u.name_vi AS "unitName", v.indicator_code AS "indicatorCode", v.value,
                v.import_job_id AS "importJobId", v.imported_at AS "importedAt"
           FROM system_values v JOIN units u ON u.id = v.unit_id
          WHERE v.cycle_id = $1 ORDER BY u.code, v.indicator_code`,
        [cycleId],
      ),
    evidence: () =>
      cursorBatches<CycleEvidenceRow>(
        runner,
        `SELECT e.id, u.code AS "unitCode", u.name_vi AS "unitName", e.indicator_code AS "indicatorCode", e.kind,
                e.file_name AS "fileName", e.mime_type AS "mimeType", e.size_bytes::float8 AS "sizeBytes", e.sha256,
                e.document_number AS "documentNumber", e.document_title AS "documentTitle", e.issued_on::text AS "issuedOn",
                e.summary, e.url, e.label, e.created_at AS "createdAt", us.email AS "createdBy"
           FROM evidence e JOIN submissions s ON s.id = e.submission_id JOIN units u ON u.id = s.unit_id
           LEFT JOIN users us ON us.id = e.created_by_id
          WHERE s.cycle_id = $1 ORDER BY u.code, e.indicator_code, e.created_at, e.id`,
        [cycleId],
      ),
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
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path, fileName: rankingFileName(data.publication), sizeBytes: (await stat(path)).size, sha256: hash.digest('hex'), units };
  });
}
