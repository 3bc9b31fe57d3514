import { RefusalReason } from '../common/refusal-reason';
import { CyclePhase } from '../cycles/cycle-phase';
import type { ObjectionWindow } from '../reviews/review.can';
import { SubmissionStatus } from '../submissions/submission-status';
import type { SubmissionState } from '../submissions/submission.view';
import type { MessageKey, Translate } from './i18n';
import { reasonText } from './refusal';
import { formatDate } from './view-setup';

/**
 * Where a cycle stands for the one reading a page: its phase, with the time objections are taken (review or scoring
 * with the objection window open) as a moment of its own, since it changes what the officer and the lead may do.
 */
export type PhaseMoment = 'draft' | 'open' | 'review' | 'objections' | 'scoring' | 'published';

export function phaseMoment(phase: string, window: ObjectionWindow['state'] = 'none'): PhaseMoment {
  if ((phase === CyclePhase.Review || phase === CyclePhase.Scoring) && window === 'open') return 'objections';
  return phase as PhaseMoment;
}

/** A page's banner: the moment it speaks of (the page marks it, the tests read it) and what it says. */
export interface PhaseNote {
  moment: PhaseMoment;
  text: string;
}

/**
 * Why the officer's form cannot be written now, said as what is the case (published: read only; in review: being
 * reviewed), or null while it can. The phase is the one the window names (the service's WindowPhase reason); without
 * it the cycle is open, and a closed window says its own reason (not yet open, ended).
 */
export function formLockReason(state: Pick<SubmissionState, 'window' | 'submission'>, t: Translate): string | null {
  const submitted = state.submission.status === SubmissionStatus.Submitted;
  const details = state.window.details as { reason?: string; phase?: string } | null;
  const phase = details?.reason === RefusalReason.WindowPhase ? details.phase : CyclePhase.Open;
  const windowSays = () => reasonText(state.window.details, t) ?? t('refusal.windowClosed');
  switch (phase) {
    case CyclePhase.Published:
      return t('phase.form.published');
    case CyclePhase.Scoring:
      return t('phase.form.scoring');
    case CyclePhase.Review:
      return t(submitted ? 'phase.form.review' : 'phase.form.reviewUnsubmitted');
    case CyclePhase.Open:
      if (submitted) return t('phase.form.openSubmitted');
      return state.window.writable ? null : windowSays();
    default:
      return windowSays();
  }
}

/** The reviewer's unit page: whether decisions are taken now and, where not, why (the unit, the phase). */
export function reviewerUnitNote(phase: string, submissionStatus: string | null | undefined, window: ObjectionWindow, t: Translate): PhaseNote {
  const moment = phaseMoment(phase, window.state);
  const closeAt = formatDate(window.closeAt);
  const say = (key: MessageKey, params?: Record<string, string>): PhaseNote => ({ moment, text: t(key, params) });
  switch (phase) {
    case CyclePhase.Published:
      return say('phase.reviewer.published');
    case CyclePhase.Scoring:
      return say(moment === 'objections' ? 'phase.reviewer.scoringObjections' : 'phase.reviewer.scoring', { closeAt });
    case CyclePhase.Review:
      if (submissionStatus !== SubmissionStatus.Submitted) return say('phase.reviewer.unsubmitted', { status: t(submissionStatus ? (`status.${submissionStatus}` as MessageKey) : 'status.none') });
      return say(moment === 'objections' ? 'phase.reviewer.reviewObjections' : 'phase.reviewer.review', { closeAt });
    default:
      return say('phase.reviewer.before', { phase: t(`phase.${phase}` as MessageKey) });
  }
}

/** The officer's reviewed scores page: whether objections are taken now, and why not where not. */
export function officerReviewNote(phase: string, window: ObjectionWindow, t: Translate): PhaseNote {
  const moment = phaseMoment(phase, window.state);
  const at = { openAt: formatDate(window.openAt), closeAt: formatDate(window.closeAt) };
  const say = (key: MessageKey): PhaseNote => ({ moment, text: t(key, at) });
  if (phase === CyclePhase.Published) return say('phase.ofcReview.published');
  if (phase !== CyclePhase.Review && phase !== CyclePhase.Scoring) return { moment, text: t('phase.ofcReview.before', { phase: t(`phase.${phase}` as MessageKey) }) };
  switch (window.state) {
    case 'open':
      return say('ofc.rev.windowOpen');
    case 'upcoming':
      return say('ofc.rev.windowUpcoming');
    case 'closed':
      return { moment, text: window.closeAt ? `${t('ofc.rev.windowClosed')} ${t('ofc.rev.closedAt', at)}` : t('ofc.rev.windowClosed') };
    default:
      return say(phase === CyclePhase.Scoring ? 'phase.ofcReview.scoringNone' : 'phase.ofcReview.reviewNone');
  }
}
