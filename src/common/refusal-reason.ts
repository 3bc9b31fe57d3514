/**
 * Why a service refused, where its error code alone is too broad (a CONFLICT, a closed window): put in the
 * refusal's details as `reason`, beside the values that explain it, so that a client (the web pages: refusal.ts) can
 * say it in its own language. The message stays the service's English sentence for API clients and logs.
 */
export enum RefusalReason {
  /** A phase move the table does not allow: details `from`, `to`, `allowed`. */
  PhaseMoveNotAllowed = 'phaseMoveNotAllowed',
  /** A phase move a feature's check refused: details `to`, `refusals` (messages), `reasons` (each check's reason and values). */
  PhaseMoveRefused = 'phaseMoveRefused',
  /** A check's reason: a cycle is published only by publishing a score run. */
  PublishedByRun = 'publishedByRun',
  /** A check's reason: review → scoring while reviews are incomplete: `count`, `units` (codes, at most five). */
  ReviewIncomplete = 'reviewIncomplete',
  /** A unit's level and code already valid over the dates: `level`, `code`, `conflictingUnitId`, its `nameVi`, `nameEn`, `validFrom`, `validTo`. */
  UnitCodeInUse = 'unitCodeInUse',
  /**
   * An operation of a phase done in another (a reviewer's decision, a clarification, the lead's ruling in a published
   * cycle): `phase` (the cycle's), `allowed` (the phases it is done in).
   */
  CyclePhase = 'cyclePhase',
  /** A self-assessment written outside its cycle's open phase: `phase`. */
  WindowPhase = 'windowPhase',
  /** Before the window opens: `opensAt`. */
  WindowNotYetOpen = 'windowNotYetOpen',
  /** After the window (and the unit's extension, if any) closed: `closesAt`, `extensionUntil`. */
  WindowEnded = 'windowEnded',
  /** An objection outside the phases that take them (review, scoring): `phase`. */
  ObjectionPhase = 'objectionPhase',
  /** An objection to a cycle with no objection window set. */
  ObjectionWindowUnset = 'objectionWindowUnset',
  /** An objection before its window opens: `opensAt`. */
  ObjectionWindowNotYetOpen = 'objectionWindowNotYetOpen',
  /** An objection after its window closed: `closesAt`. */
  ObjectionWindowEnded = 'objectionWindowEnded',
  /** A second reviewer (or more than one per unit) under the review policy `single`. */
  SingleReviewerPolicy = 'singleReviewerPolicy',
  /** A framework file whose code and version are already stored: `code`, `version`. */
  FrameworkVersionExists = 'frameworkVersionExists',
  /**
   * Deciding on a stale final value (an objection to it, the lead's settlement): the unit's answer changed after it
   * was settled, and its reviewers decide again first: `indicatorCode`, `staleSince`.
   */
  FinalStale = 'finalStale',
  /**
   * A conflict of interest declared while the reviewer is assigned to the unit in cycles whose review is not over
   * (draft to scoring): `cycles` (each `cycleId`, `year`, `level`, `phase`). Published cycles are history and do not count.
   */
  ConflictAssignedInReview = 'conflictAssignedInReview',
  /** Deciding an objection whose final value is gone (a reviewer asked the unit to clarify since): `indicatorCode`. */
  FinalUnsettled = 'finalUnsettled',
  /**
   * A ranking asked of a level that publishes one unit (national): a score card, never a ranking of one: `level`,
   * `year`, `scoreCard` (the card's address).
   */
  LevelNotRanked = 'levelNotRanked',
}
