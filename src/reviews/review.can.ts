import { CyclePhase } from '../cycles/cycle-phase';
import { SubmissionStatus } from '../submissions/submission-status';

/** Phases in which reviewers are assigned and the review policy may change. */
export const ASSIGNING_PHASES: string[] = [CyclePhase.Draft, CyclePhase.Open, CyclePhase.Review];

/** Phases in which objections are taken (before publication). */
export const OBJECTION_PHASES: string[] = [CyclePhase.Review, CyclePhase.Scoring];

/** Whether reviewers may be assigned (and the review policy changed) in this phase. */
export const canAssign = (phase: string): boolean => ASSIGNING_PHASES.includes(phase);

/** Reviewers decide, and reviewers and officers write in the clarification threads, while the cycle is in review. */
export const REVIEWING_PHASES: string[] = [CyclePhase.Review];

export const canReviewNow = (phase: string): boolean => REVIEWING_PHASES.includes(phase);

/** A unit's self-assessment is reviewed in phase review once it is submitted. */
export const canDecide = (phase: string, submissionStatus: string | null | undefined): boolean => canReviewNow(phase) && submissionStatus === SubmissionStatus.Submitted;

/**
 * Where the cycle's objection window stands: none set, not yet open, open, or closed (its end passed, or the cycle
 * is past the phases that take objections). ObjectionsService refuses an objection unless it is open.
 */
export type ObjectionWindowState = 'none' | 'upcoming' | 'open' | 'closed';

export function objectionWindowState(phase: string, openAt: Date | null | undefined, closeAt: Date | null | undefined, now: Date): ObjectionWindowState {
  if (!openAt || !closeAt) return 'none';
  if (!OBJECTION_PHASES.includes(phase) || now >= closeAt) return 'closed';
  return now < openAt ? 'upcoming' : 'open';
}

/** The objection window of a cycle as a page shows it. */
export interface ObjectionWindow {
  state: ObjectionWindowState;
  openAt: Date | null;
  closeAt: Date | null;
}
