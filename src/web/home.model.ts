import type { CycleView } from '../cycles/cycle.view';
import type { UnitProgress } from '../reviews/assignments.service';
import type { ProgressState } from '../submissions/cycle-progress.queries';
import type { ProgressRow, ProgressSummary } from './cycle-progress.model';
import { reviewUrl } from './review-unit.model';
import { formUrl } from './self-assessment.page';

const DAY_MS = 86_400_000;

/** An officer's task on the home page: the open cycle, the unit's deadline and how far the unit has come. */
export interface OfficerTask {
  cycleId: string;
  name: string;
  deadline: Date;
  /** Whole days left before the deadline (0: it ends today); negative once it has passed. */
  daysLeft: number;
  state: ProgressState;
  answered: number;
  total: number;
  lastSavedAt: Date | null;
  href: string;
}

/** Days left, counted by Vietnam's calendar days: a deadline at 23:59 tonight is 0 days away, tomorrow's 1; -1 once past. */
export function daysLeft(deadline: Date, now: Date): number {
  if (deadline < now) return -1;
  const vietnamDay = (d: Date) => Math.floor((d.getTime() + 7 * 3_600_000) / DAY_MS);
  return vietnamDay(deadline) - vietnamDay(now);
}

export function officerTask(cycle: CycleView, name: string, row: ProgressRow, now: Date): OfficerTask {
  return {
    cycleId: cycle.id,
    name,
    deadline: row.deadline,
    daysLeft: daysLeft(row.deadline, now),
    state: row.state,
    answered: row.answered,
    total: row.total,
    lastSavedAt: row.lastSavedAt,
    href: formUrl({ cycleId: cycle.id, unitId: row.unitId }),
  };
}

/** A unit a reviewer has to review, with what is still to decide. */
export interface ReviewerUnitTask {
  unitId: string;
  code: string;
  name: string;
  /** Indicators the reviewer has not decided yet. */
  pending: number;
  indicators: number;
  clarifying: number;
  href: string;
}

/** A reviewer's cycle on the home page: its units and the sum of what is pending. */
export interface ReviewerCycleTask {
  cycleId: string;
  name: string;
  pending: number;
  units: ReviewerUnitTask[];
  href: string;
}

export function reviewerCycleTask(cycleId: string, name: string, workload: readonly UnitProgress[]): ReviewerCycleTask {
  const units = workload.map((u) => ({
    unitId: u.unitId,
    code: u.unitCode,
    name: u.unitName,
    pending: Math.max(0, u.indicators - u.decided),
    indicators: u.indicators,
    clarifying: u.clarifying,
    href: reviewUrl(cycleId, u.unitId),
  }));
  return { cycleId, name, pending: units.reduce((sum, u) => sum + u.pending, 0), units, href: reviewUrl(cycleId) };
}

/** An open cycle on the administrator's home: how many units have submitted, and its progress page. */
export interface AdminCycleTask {
  cycleId: string;
  name: string;
  closesAt: string;
  summary: ProgressSummary;
  href: string;
}
