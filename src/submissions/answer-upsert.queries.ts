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

/** The parameters of answerUpsertSql, in this order: five arrays of the rows (one element per answer), then the codes whose note and whose own points are kept. */
export function answerUpsertParams(answers: AnswerUpsert[]): unknown[] {
  return [
    answers.map((a) => a.indicatorCode),
    // jsonb as TypeORM writes it: the JSON text, or SQL NULL for a cleared value.
    answers.map((a) => (a.value === null || a.value === undefined ? null : JSON.stringify(a.value))),
    answers.map((a) => a.note ?? null),
    answers.map((a) => a.selfPoints ?? null),
    answers.map((a) => JSON.stringify(a.warnings)),
    answers.filter((a) => a.note === undefined).map((a) => a.indicatorCode),
    answers.filter((a) => a.selfPoints === undefined).map((a) => a.indicatorCode),
  ];
}

/**
 * The one upsert of answers, for upsertAnswers and the save's single statement (save-answers.queries.ts): INSERT …
 * ON CONFLICT DO UPDATE on (submission, indicator), a note or own points left out taking the stored one, RETURNING
 * the answer as it now is. `params` names answerUpsertParams' seven parameters from its first ($n, $n+1, …);
 * `rows` (optional) a row source with the columns code, value, note, self_points, warnings to read instead of the
 * unnest of those arrays (the save's CTE, which also numbers them), and `where` a condition on it.
 */
export function answerUpsertSql(p: { submissionId: string; updatedById: string; params: number; rows?: string; where?: string }): string {
  const $ = (i: number) => `$${p.params + i}`;
  const rows = p.rows ?? `unnest(${$(0)}::varchar[], ${$(1)}::jsonb[], ${$(2)}::text[], ${$(3)}::float8[], ${$(4)}::jsonb[]) AS r(code, value, note, self_points, warnings)`;
  return `INSERT INTO answers AS a (submission_id, indicator_code, value, note, self_points, warnings, updated_by_id)
     SELECT ${p.submissionId}, r.code, r.value, r.note, r.self_points, r.warnings, ${p.updatedById} FROM ${rows}${p.where ? ` WHERE ${p.where}` : ''}
     ON CONFLICT (submission_id, indicator_code) DO UPDATE SET
       value = EXCLUDED.value,
       note = CASE WHEN EXCLUDED.indicator_code = ANY(${$(5)}::varchar[]) THEN a.note ELSE EXCLUDED.note END,
       self_points = CASE WHEN EXCLUDED.indicator_code = ANY(${$(6)}::varchar[]) THEN a.self_points ELSE EXCLUDED.self_points END,
       warnings = EXCLUDED.warnings,
       updated_by_id = EXCLUDED.updated_by_id,
       updated_at = DEFAULT
     RETURNING a.indicator_code, a.value, a.note, a.self_points, a.warnings, a.updated_at`;
}

/**
 * Writes a save's answers in one statement (answerUpsertSql), RETURNING each answer's note and own points as they now
 * are. (It was a read of the stored answers and then an upsert.) Called after the submission's version moved on in
 * the same transaction, whose row lock keeps any other write of these answers out until it commits.
 */
export async function upsertAnswers(
  manager: EntityManager,
  submissionId: string,
  updatedById: string | null,
  answers: AnswerUpsert[],
): Promise<Map<string, { note: string | null; selfPoints: number | null }>> {
  const rows: Array<{ indicator_code: string; note: string | null; self_points: number | null }> = await manager.query(
    answerUpsertSql({ submissionId: '$1', updatedById: '$2', params: 3 }),
    [submissionId, updatedById, ...answerUpsertParams(answers)],
  );
  return new Map(rows.map((r) => [r.indicator_code, { note: r.note, selfPoints: r.self_points }]));
}
