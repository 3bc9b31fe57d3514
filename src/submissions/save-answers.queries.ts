import type { EntityManager } from 'typeorm';
import { auditEntryInsertSql } from '../audit/audit-log.queries';
import type { RawValue } from '../engine/types';
import { answerUpsertParams, answerUpsertSql, type AnswerUpsert } from './answer-upsert.queries';
import type { PlausibilityWarning } from './plausibility';
import { SUBMISSION_FIELDS, submissionColumnsSql } from './submission-version.queries';
import { Submission } from './submission.entity';

/** Who saves, as the save's audit entry names them (AuditService.record's columns). */
export interface SaveAuthor {
  userId: string | null;
  label: string;
  requestId: string | null;
}

/** A saved answer as it now is (a note or points left out kept the stored ones). */
export interface SavedAnswer {
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  warnings: PlausibilityWarning[];
  updatedAt: Date;
}

/** What the running score and the missing list read after a save (`rest: true`): the submission's state without the saved answers. */
export interface SaveRest {
  /** The submission's other answers (value and own points), as stored. */
  answers: Array<{ indicatorCode: string; value: RawValue; selfPoints: number | null }>;
  systemValues: Array<{ indicatorCode: string; value: RawValue }>;
  /** The leaves with at least one piece of evidence. */
  evidenceCodes: Set<string>;
}

export interface SavedAnswers {
  /** The submission with its version moved on. */
  submission: Submission;
  /** In the order given. */
  saved: SavedAnswer[];
  rest: SaveRest | null;
}

/** The submission's columns as NULLs, for the parts of the UNION that are answers. */
const nulls = SUBMISSION_FIELDS.map(() => 'NULL').join(', ');

/** The rest's rows as its JSON arrays hold them (null: a SQL NULL value or points). */
type RestAnswer = [string, RawValue, number | null];
type RestValue = [string, RawValue];

type Row = { part: 0 | 1 | 2 | 3 | 4; indicatorCode: string; value: RawValue; note: string | null; selfPoints: number | null; warnings: PlausibilityWarning[]; at: Date } & Submission;

/**
 * A save's write in one statement (it was three round trips, and a fourth for the state): the submission's version
 * moved on at the version read (as bumpSubmissionVersion), the answers upserted as upsertAnswers writes them (a
 * note or points left out keep the stored ones), and the save's audit entry (`submission.save`, before the version
 * read, after the new one with each answer as stored, in the order given), each only if the version moved. With
 * `rest`, the same statement also returns what the running score needs: the other answers, the unit's system values
 * in the cycle and the leaves with evidence (the statement's snapshot is from before its own writes, hence "other").
 * Null when the version did not move (stale, or no such submission): nothing was written; the caller says why.
 */
export async function saveAnswerRows(
  manager: EntityManager,
  submission: { id: string; cycleId: string; unitId: string },
  version: number,
  author: SaveAuthor,
  answers: AnswerUpsert[],
  rest: boolean,
): Promise<SavedAnswers | null> {
  const audit = auditEntryInsertSql(
    'submission.save',
    {
      actorId: '$10::uuid',
      actorLabel: '$11::varchar',
      entityType: `'submission'`,
      entityId: 'b.id',
      unitId: 'b."unitId"',
      before: `jsonb_build_object('version', $2::int)`,
      after: `jsonb_build_object('version', b.version, 'answers',
                (SELECT jsonb_agg(jsonb_build_object('indicatorCode', up.indicator_code, 'value', up.value, 'note', up.note,
                                                     'selfPoints', up.self_points, 'warnings', up.warnings) ORDER BY r.ord)
                   FROM up JOIN r ON r.code = up.indicator_code))`,
      requestId: '$12::varchar',
    },
    'bump b',
  );
  // What the running score reads, one row a part, each part's rows as one JSON array (parsed once by the driver:
  // some 200 rows of the statement's 27 columns cost more to parse and to allocate than the rest of the reply).
  const restSql = rest
    ? `UNION ALL
       SELECT 2, ${nulls}, NULL, (SELECT jsonb_agg(jsonb_build_array(a.indicator_code, a.value, a.self_points)) FROM answers a
                                   WHERE a.submission_id = $1 AND a.indicator_code <> ALL($3::varchar[])), NULL, NULL, NULL, NULL FROM bump
       UNION ALL
       SELECT 3, ${nulls}, NULL, (SELECT jsonb_agg(jsonb_build_array(v.indicator_code, v.value)) FROM system_values v
                                   WHERE v.cycle_id = $13 AND v.unit_id = $14), NULL, NULL, NULL, NULL FROM bump
       UNION ALL
       SELECT 4, ${nulls}, NULL, (SELECT jsonb_agg(DISTINCT e.indicator_code) FROM evidence e WHERE e.submission_id = $1), NULL, NULL, NULL, NULL FROM bump`
    : '';
  const rows: Row[] = await manager.query(
    `WITH r AS (
       SELECT * FROM unnest($3::varchar[], $4::jsonb[], $5::text[], $6::float8[], $7::jsonb[]) WITH ORDINALITY AS r(code, value, note, self_points, warnings, ord)
     ), bump AS (
       UPDATE submissions SET version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND version = $2
       RETURNING ${submissionColumnsSql('submissions')}
     ), up AS (
       ${answerUpsertSql({ submissionId: '$1', updatedById: '$10', params: 3, rows: 'r', where: 'EXISTS (SELECT 1 FROM bump)' })}
     ), logged AS (
       ${audit}
     )
     SELECT 0 AS part, b.*, NULL::varchar AS "indicatorCode", NULL::jsonb AS value, NULL::text AS note, NULL::float8 AS "selfPoints",
            NULL::jsonb AS warnings, NULL::timestamptz AS at
       FROM bump b
     UNION ALL
     SELECT 1, ${nulls}, up.indicator_code, up.value, up.note, up.self_points, up.warnings, up.updated_at FROM up
     ${restSql}`,
    [
      submission.id,
      version,
      ...answerUpsertParams(answers),
      author.userId,
      author.label,
      author.requestId,
      ...(rest ? [submission.cycleId, submission.unitId] : []),
    ],
  );
  const head = rows.find((r) => r.part === 0);
  if (!head) return null;
  const saved = new Map<string, SavedAnswer>();
  const out: SavedAnswers = {
    submission: manager.create(Submission, Object.fromEntries(SUBMISSION_FIELDS.map((f) => [f, head[f]])) as Partial<Submission>),
    saved: [],
    rest: rest ? { answers: [], systemValues: [], evidenceCodes: new Set() } : null,
  };
  for (const r of rows) {
    if (r.part === 1) saved.set(r.indicatorCode, { indicatorCode: r.indicatorCode, value: r.value, note: r.note, selfPoints: r.selfPoints, warnings: r.warnings, updatedAt: r.at });
    else if (r.part === 2) out.rest!.answers = ((r.value ?? []) as RestAnswer[]).map(([indicatorCode, value, selfPoints]) => ({ indicatorCode, value, selfPoints }));
    else if (r.part === 3) out.rest!.systemValues = ((r.value ?? []) as RestValue[]).map(([indicatorCode, value]) => ({ indicatorCode, value }));
    else if (r.part === 4) out.rest!.evidenceCodes = new Set((r.value ?? []) as string[]);
  }
  out.saved = answers.map((a) => saved.get(a.indicatorCode)!);
  return out;
}
