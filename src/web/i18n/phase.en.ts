import type { phaseVi } from './phase.vi';

/** English words of what is the case for a cycle's phase and the reader (the same keys as phase.vi.ts). */
export const phaseEn: Record<keyof typeof phaseVi, string> = {
  'phase.refusal.published': 'The cycle is published – read only: nothing can be changed any more.',
  'phase.refusal.publishedObjection': 'The results are published – read only: objections are no longer taken.',
  'phase.refusal.cyclePhase': 'Only done while the cycle is in {allowed}; it is now in “{phase}”.',

  'phase.form.openSubmitted': 'it is submitted and waits for review.',
  'phase.form.review': "it is submitted and under review; the reviewers' questions are answered on the clarifications page.",
  'phase.form.reviewUnsubmitted': 'the cycle is in review; a self-assessment not submitted can no longer be written.',
  'phase.form.scoring': 'the review is over and the cycle is being scored.',
  'phase.form.published': 'the cycle is published – read only.',

  'phase.reviewer.before': 'The cycle is in “{phase}”: the review starts when it moves to review; read only for now.',
  'phase.reviewer.review': 'In review: each decision is saved for its own indicator.',
  'phase.reviewer.reviewObjections': 'In review; the unit may object until {closeAt}.',
  'phase.reviewer.unsubmitted': "The unit's self-assessment is not submitted (status: {status}): only a submitted one is reviewed; read only for now.",
  'phase.reviewer.scoring': 'The review is over and the cycle is being scored – decisions are read only.',
  'phase.reviewer.scoringObjections': 'The review is over and the cycle is being scored – read only; the unit may object until {closeAt}, and the lead reviewer answers.',
  'phase.reviewer.published': 'The results are published – read only.',

  'phase.ofcReview.before': 'The cycle is in “{phase}”: reviewed scores come after the review.',
  'phase.ofcReview.reviewNone': 'The cycle is in review; no objection window has been set yet.',
  'phase.ofcReview.scoringNone': 'The review is over and the cycle is being scored; this cycle has no objection window.',
  'phase.ofcReview.published': 'The results are published – read only; objections are no longer taken.',
};
