import type { EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';
import type { PlausibilityWarning } from './plausibility';

/** An answer to write; a note or selfPoints left undefined keeps what is stored (null when there is nothing yet). */
export interface AnswerUpsert {
  indicatorCode: string;
  value: RawValue;
  note: string | null | undefined;
  selfPoints: number | null | undefined;
  warnings: PlausibilityWarning[];
}

/**
 * Writes a save's answers in one statement: INSERT … ON CONFLICT DO UPDATE on (submission, indicator), a field left
 * out taking the stored one, and RETURNING each answer's note and own points as they now are. (It was a read of the
 * stored answers and then an upsert.) Called after the submission's version moved on in the same transaction, whose
 * row lock keeps any other write of these answers out until it commits.
 */
export async function upsertAnswers(
  manager: EntityManager,
  submissionId: string,
  updatedById: string | null,
  answers: AnswerUpsert[],
): Promise<Map<string, { note: string | null; selfPoints: number | null }>> {
  const rows: Array<{ indicatorCode: string; note: string | null; selfPoints: number | null }> = await manager.query(
    `INSERT INTO answers AS a (submission_id, indicator_code, value, note, self_points, warnings, updated_by_id)
     SELECT $1, r.code, r.value, r.note, r.self_points, r.warnings, $2
       FROM unnest($3::varchar[], $4::jsonb[], $5::text[], $6::float8[], $7::jsonb[]) AS r(code, value, note, self_points, warnings)
     ON CONFLICT (submission_id, indicator_code) DO UPDATE SET
       value = EXCLUDED.value,
       note = CASE WHEN EXCLUDED.indicator_code = ANY($8::varchar[]) THEN a.note ELSE EXCLUDED.note END,
       self_points = CASE WHEN EXCLUDED.indicator_code = ANY($9::varchar[]) THEN a.self_points ELSE EXCLUDED.self_points END,
       warnings = EXCLUDED.warnings,
       updated_by_id = EXCLUDED.updated_by_id,
       updated_at = DEFAULT
     RETURNING a.indicator_code AS "indicatorCode", a.note, a.self_points AS "selfPoints"`,
    [
      submissionId,
      updatedById,
      answers.map((a) => a.indicatorCode),
      // jsonb as TypeORM writes it: the JSON text, or SQL NULL for a cleared value.
      answers.map((a) => (a.value === null || a.value === undefined ? null : JSON.stringify(a.value))),
      answers.map((a) => a.note ?? null),
      answers.map((a) => a.selfPoints ?? null),
      answers.map((a) => JSON.stringify(a.warnings)),
      answers.filter((a) => a.note === undefined).map((a) => a.indicatorCode),
      answers.filter((a) => a.selfPoints === undefined).map((a) => a.indicatorCode),
    ],
  );
  return new Map(rows.map((r) => [r.indicatorCode, { note: r.note, selfPoints: r.selfPoints }]));
}
