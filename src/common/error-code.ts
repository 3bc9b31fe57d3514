import { HttpStatus } from '@nestjs/common';

/** Stable error codes of the API; clients match on these, never on messages. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TooManyLoginFailures = 'TOO_MANY_LOGIN_FAILURES',
  /** Every password-hash slot of the process and its short queue are taken (a burst of logins): try again shortly. */
  PasswordHashBusy = 'PASSWORD_HASH_BUSY',
  /** A publication's verify is running in this process and another waits: try again later (429, Retry-After). */
  VerifyBusy = 'VERIFY_BUSY',
  /** More uploads in the window than UPLOAD_RATE_MAX (429, Retry-After). */
  UploadRateLimited = 'UPLOAD_RATE_LIMITED',
  /** More bytes uploaded in the window than UPLOAD_QUOTA_BYTES (429, Retry-After). */
  UploadQuotaExceeded = 'UPLOAD_QUOTA_EXCEEDED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  WindowClosed = 'WINDOW_CLOSED',
  WrongPhase = 'WRONG_PHASE',
  Incomplete = 'INCOMPLETE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnprocessableEntity = 'UNPROCESSABLE_ENTITY',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TooManyLoginFailures]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.PasswordHashBusy]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.VerifyBusy]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.UploadRateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.UploadQuotaExceeded]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.VersionConflict]: HttpStatus.CONFLICT,
  [ErrorCode.WindowClosed]: HttpStatus.CONFLICT,
  [ErrorCode.WrongPhase]: HttpStatus.CONFLICT,
  [ErrorCode.Incomplete]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UnprocessableEntity]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};
