import type { EntityManager } from 'typeorm';
import type { CycleRow, CycleUnitRow } from '../cycles/cycle-row';
import { cycleWithParticipantSql } from '../cycles/cycles.queries';
import type { RawValue } from '../engine/types';
import { unitLabelSql } from '../units/units.queries';
import { SUBMISSION_FIELDS, submissionColumnsSql } from './submission-version.queries';
import { Submission } from './submission.entity';

/** What a save reads before it writes, as saveContextRow returns it. */
export interface SaveContextRow {
  cycle: CycleRow;
  /** Null when the unit does not take part in the cycle. */
  participant: CycleUnitRow | null;
  /** Null before the unit's first read or write of its submission. */
  submission: Submission | null;
  /** The cycle of the year before (same level and scope), and the unit's answers there to the codes asked. */
  lastYear: { cycleId: string; frameworkId: string; answers: Map<string, RawValue> } | null;
}

type Row = CycleRow & {
  participantUnitId: string | null;
  unitGroup: string | null;
  ranked: boolean | null;
  extensionUntil: Date | null;
  unitCode: string | null;
  unitNameVi: string | null;
  lastYearCycleId: string | null;
  lastYearFrameworkId: string | null;
  lastYearAnswers: Record<string, RawValue> | null;
} & Record<`s_${string}`, unknown>;

/**
 * A save's context in one round trip (it was five: the cycle, the participant, its unit, the submission, last year's
 * cycle, then last year's answers a sixth): the cycle (held FOR KEY SHARE when `lock`, as CyclesService.find), the
 * unit's participation with its unit's code and name, the unit's submission in the cycle, and the cycle of the year
 * before with the unit's answers there to `codes` (the plausibility rules' history; the caller keeps those its
 * rules may compare). Null when there is no such cycle. Each table's SQL is its owner's (cycles, units).
 */
export async function saveContextRow(
  manager: EntityManager,
  cycleId: string,
  unitId: string,
  codes: readonly string[],
  lock: boolean,
): Promise<SaveContextRow | null> {
  const rows: Row[] = await manager.query(
    `SELECT c.*, u.code AS "unitCode", u."nameVi" AS "unitNameVi", ${submissionColumnsSql('s', 's_')},
            (SELECT jsonb_object_agg(a.indicator_code, a.value) FROM submissions ls JOIN answers a ON a.submission_id = ls.id
              WHERE ls.cycle_id = c."lastYearCycleId" AND ls.unit_id = $2 AND a.indicator_code = ANY($3::text[])) AS "lastYearAnswers"
       FROM ${cycleWithParticipantSql(manager, '$1', '$2', lock)} c
       LEFT JOIN ${unitLabelSql('$2')} u ON c."participantUnitId" IS NOT NULL
       LEFT JOIN submissions s ON s.cycle_id = c.id AND s.unit_id = $2`,
    [cycleId, unitId, codes],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  const { participantUnitId, unitGroup, ranked, extensionUntil, unitCode, unitNameVi, lastYearCycleId, lastYearFrameworkId, lastYearAnswers, ...rest } = r;
  const cycle = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('s_'))) as CycleRow;
  const submission = r.s_id === null ? null : manager.create(Submission, Object.fromEntries(SUBMISSION_FIELDS.map((f) => [f, r[`s_${f}`]])) as Partial<Submission>);
  return {
    cycle,
    participant:
      participantUnitId === null
        ? null
        : { cycleId, unitId, unitGroup, ranked: ranked!, extensionUntil, unit: unitCode === null ? undefined : { code: unitCode, nameVi: unitNameVi! } },
    submission,
    lastYear: lastYearCycleId === null ? null : { cycleId: lastYearCycleId, frameworkId: lastYearFrameworkId!, answers: new Map(Object.entries(lastYearAnswers ?? {})) },
  };
}
