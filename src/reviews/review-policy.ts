/** How the decisions of several reviewers of a unit become one final value per indicator. */
export enum ReviewPolicy {
  /** One reviewer per unit: its decision is final. */
  Single = 'single',
  /** The median of the reviewers' points. */
  Median = 'median',
  /** The mean of the reviewers' points. */
  Mean = 'mean',
  /** The lead reviewer's decision. */
  Lead = 'lead',
}

export const REVIEW_POLICIES = Object.values(ReviewPolicy);

export type FinalMethod = `${ReviewPolicy}` | 'objection';

export type DecisionKind = 'accept' | 'adjust' | 'clarify';
export const DECISION_KINDS: readonly DecisionKind[] = ['accept', 'adjust', 'clarify'];

export const DEFAULT_POLICY = ReviewPolicy.Median;
export const DEFAULT_DISAGREEMENT_SHARE = 0.2;
