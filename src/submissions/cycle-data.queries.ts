import type { EntityManager, QueryRunner } from 'typeorm';
import { cursorBatches } from '../database/cursor-batches';
import type { RawValue } from '../engine/types';

/**
 * Everything units wrote or were given in a cycle (answers, system values, evidence), for the analysts' workbook
 * (each feature owns its tables: the exports ask here, never name them). The large parts come through server-side
 * cursors in batches (call them in the caller's transaction); the units' order is the caller's, given as their ids
 * in that order (the registry's code order), so that PostgreSQL sorts by a position, not by another feature's column.
 */

/** How many answers, system values and pieces of evidence the cycle has. */
export async function cycleDataCounts(manager: EntityManager, cycleId: string): Promise<{ answers: number; systemValues: number; evidence: number }> {
  const [counts]: { answers: number; system_values: number; evidence: number }[] = await manager.query(
    `SELECT (SELECT count(*)::int FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1) AS answers,
            (SELECT count(*)::int FROM system_values WHERE cycle_id = $1) AS system_values,
            (SELECT count(*)::int FROM evidence e JOIN submissions s ON s.id = e.submission_id WHERE s.cycle_id = $1) AS evidence`,
    [cycleId],
  );
  return { answers: counts.answers, systemValues: counts.system_values, evidence: counts.evidence };
}

/** What changes when the cycle's data does: each kind's count and last change (text, for a version stamp). */
export async function cycleDataStamp(
  manager: EntityManager,
  cycleId: string,
): Promise<{ answers: string; system_values: string; evidence: string; submissions: string }> {
  const [stamp] = await manager.query(
    `SELECT (SELECT count(*) || '/' || coalesce(max(a.updated_at)::text, '') FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1) AS answers,
            (SELECT count(*) || '/' || coalesce(max(imported_at)::text, '') FROM system_values WHERE cycle_id = $1) AS system_values,
            (SELECT count(*) || '/' || coalesce(max(e.created_at)::text, '') FROM evidence e JOIN submissions s ON s.id = e.submission_id WHERE s.cycle_id = $1) AS evidence,
            (SELECT coalesce(max(updated_at)::text, '') FROM submissions WHERE cycle_id = $1) AS submissions`,
    [cycleId],
  );
  return stamp;
}

/** The units that have a submission or a system value in the cycle, in no particular order. */
export async function cycleDataUnitIds(manager: EntityManager, cycleId: string): Promise<string[]> {
  const rows: { unit_id: string }[] = await manager.query(
    'SELECT unit_id FROM submissions WHERE cycle_id = $1 UNION SELECT unit_id FROM system_values WHERE cycle_id = $1',
    [cycleId],
  );
  return rows.map((r) => r.unit_id);
}

/** The units' positions in the caller's order, as a FROM item o(unit_id, n), the ids bound as `$2`. */
const UNIT_ORDER = 'unnest($2::uuid[]) WITH ORDINALITY o(unit_id, n)';

export interface CycleAnswerDataRow {
  unitId: string;
  submissionStatus: string;
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  updatedAt: Date | string;
  updatedById: string | null;
}

/** The cycle's answers, by unit in the given order, then by indicator code. */
export function cycleAnswerBatches(runner: QueryRunner, cycleId: string, unitOrder: readonly string[]): AsyncGenerator<CycleAnswerDataRow[]> {
  return cursorBatches<CycleAnswerDataRow>(
    runner,
    `SELECT s.unit_id AS "unitId", s.status AS "submissionStatus", a.indicator_code AS "indicatorCode", a.value, a.note,
            a.self_points AS "selfPoints", a.updated_at AS "updatedAt", a.updated_by_id AS "updatedById"
       FROM answers a JOIN submissions s ON s.id = a.submission_id JOIN ${UNIT_ORDER} ON o.unit_id = s.unit_id
      WHERE s.cycle_id = $1 ORDER BY o.n, a.indicator_code`,
    [cycleId, unitOrder],
  );
}

export interface CycleSystemValueDataRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
  /** The import that wrote it (source import), else null. */
  importJobId: string | null;
  /** Where it came from: import, feed (a national system's push), monitoring (a yearly value taken from a monthly series). */
  source: string;
  /** The feed's batch (feed), the monthly cycle it was taken from (monitoring). */
  sourceId: string | null;
  importedAt: Date | string;
}

/** The cycle's system values, by unit in the given order, then by indicator code. */
export function cycleSystemValueBatches(runner: QueryRunner, cycleId: string, unitOrder: readonly string[]): AsyncGenerator<CycleSystemValueDataRow[]> {
  return cursorBatches<CycleSystemValueDataRow>(
    runner,
    `SELECT v.unit_id AS "unitId", v.indicator_code AS "indicatorCode", v.value, v.import_job_id AS "importJobId", v.source, v.source_id AS "sourceId", v.imported_at AS "importedAt"
       FROM system_values v JOIN ${UNIT_ORDER} ON o.unit_id = v.unit_id
      WHERE v.cycle_id = $1 ORDER BY o.n, v.indicator_code`,
    [cycleId, unitOrder],
  );
}

export interface CycleEvidenceDataRow {
  id: string;
  unitId: string;
  indicatorCode: string;
  kind: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  documentNumber: string | null;
  documentTitle: string | null;
  issuedOn: string | null;
  summary: string | null;
  url: string | null;
  label: string | null;
  createdAt: Date | string;
  createdById: string | null;
}

/** The cycle's evidence, by unit in the given order, then by indicator code, oldest first. */
export function cycleEvidenceBatches(runner: QueryRunner, cycleId: string, unitOrder: readonly string[]): AsyncGenerator<CycleEvidenceDataRow[]> {
  return cursorBatches<CycleEvidenceDataRow>(
    runner,
    `SELECT e.id, s.unit_id AS "unitId", e.indicator_code AS "indicatorCode", e.kind,
            e.file_name AS "fileName", e.mime_type AS "mimeType", e.size_bytes::float8 AS "sizeBytes", e.sha256,
            e.document_number AS "documentNumber", e.document_title AS "documentTitle", e.issued_on::text AS "issuedOn",
            e.summary, e.url, e.label, e.created_at AS "createdAt", e.created_by_id AS "createdById"
       FROM evidence e JOIN submissions s ON s.id = e.submission_id JOIN ${UNIT_ORDER} ON o.unit_id = s.unit_id
      WHERE s.cycle_id = $1 ORDER BY o.n, e.indicator_code, e.created_at, e.id`,
    [cycleId, unitOrder],
  );
}
