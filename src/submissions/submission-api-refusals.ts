import { refusal, type Refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';

/** The OpenAPI refusals of every write to a self-assessment (answers, submit, evidence, template): who, when, lock. */
export const SUBMISSION_WRITE_REFUSALS: Refusal[] = [
  refusal(ErrorCode.Forbidden, 'not an officer of this unit'),
  refusal(ErrorCode.NotFound, 'no such cycle, or the unit does not take part in it'),
  refusal(ErrorCode.WindowClosed, 'the cycle is not open (details.phase)', RefusalReason.WindowPhase),
  refusal(ErrorCode.WindowClosed, 'before the window opens (details.opensAt)', RefusalReason.WindowNotYetOpen),
  refusal(ErrorCode.WindowClosed, "after the window and the unit's extension closed (details.closesAt, extensionUntil)", RefusalReason.WindowEnded),
  refusal(ErrorCode.WrongPhase, 'the self-assessment is submitted: locked until it is returned'),
];

/** Reading a unit's self-assessment or evidence: an administrator, the unit's officers, its reviewers. */
export const SUBMISSION_READ_REFUSALS: Refusal[] = [
  refusal(ErrorCode.Forbidden, "an officer of another unit, or a reviewer not assigned to the unit"),
  refusal(ErrorCode.NotFound, 'no such cycle, or the unit does not take part in it'),
];
