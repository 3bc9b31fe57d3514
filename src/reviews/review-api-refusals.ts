import { refusal, type Refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';

/** The OpenAPI refusals the review operations share: who may see or decide a unit, and when. */
export const CYCLE_OR_UNIT_NOT_FOUND = refusal(ErrorCode.NotFound, 'no such cycle, or the unit does not take part in it');
export const NOT_SEEN = refusal(ErrorCode.Forbidden, 'a reviewer not assigned to the unit, or an officer of another unit');
export const NOT_ASSIGNED = refusal(ErrorCode.Forbidden, 'not a reviewer assigned to this unit');
export const NOT_LEAD = refusal(ErrorCode.Forbidden, "neither an administrator nor the unit's lead reviewer");
export const NOT_REVIEWING = refusal(ErrorCode.WrongPhase, 'the cycle is not in review');
export const NOT_A_REVIEWED_INDICATOR = refusal(ErrorCode.UnprocessableEntity, 'indicatorCode is not an indicator the units answer in this cycle');
export const FINAL_STALE = refusal(
  ErrorCode.Conflict,
  "the unit's answer changed after the value was settled: its reviewers decide again first (details indicatorCode, staleSince)",
  RefusalReason.FinalStale,
);
/** An officer adding to a clarification: a reviewer's question must be open. */
export const THREAD_CLOSED = refusal(ErrorCode.Conflict, 'no reviewer asks the unit to clarify (the thread is closed)');

export const OBJECTION_WINDOW_REFUSALS: Refusal[] = [
  refusal(ErrorCode.WindowClosed, 'the cycle is not in review or scoring (details.phase)', RefusalReason.ObjectionPhase),
  refusal(ErrorCode.WindowClosed, 'the cycle has no objection window', RefusalReason.ObjectionWindowUnset),
  refusal(ErrorCode.WindowClosed, 'before the objection window opens (details.opensAt)', RefusalReason.ObjectionWindowNotYetOpen),
  refusal(ErrorCode.WindowClosed, 'after the objection window closed (details.closesAt)', RefusalReason.ObjectionWindowEnded),
];
