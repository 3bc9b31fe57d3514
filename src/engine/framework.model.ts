/**
 * The indicator framework as the engine reads it: the shape of a framework file (DESIGN.md, "Framework files: the
 * contract"). Field names here are part of that contract; add optional fields, never rename.
 */

export type UnitLevel = 'national' | 'ministry' | 'province' | 'department' | 'district' | 'commune';

export interface LocalizedText {
  vi: string;
  en?: string;
}

export type Aggregation = 'points' | 'weighted_mean' | 'geometric_mean';

export type InputType = 'boolean' | 'number' | 'percent' | 'integer' | 'choice' | 'numbers' | 'text';

export interface InputSpec {
  type: InputType;
  /** Inclusive range for number, integer and percent (percent is always within 0..100). */
  min?: number;
  max?: number;
  /** The named inputs of a `numbers` input, e.g. [numerator, denominator]. */
  names?: string[];
  unit?: string;
}

export interface Band {
  min: number;
  points: number;
}

export interface ChoiceOption {
  value: string;
  points: number;
  label?: LocalizedText;
}

export type ScoringRule =
  | { rule: 'boolean' }
  | { rule: 'ratio'; target: number }
  | { rule: 'bands'; bands: Band[] }
  | { rule: 'choice'; options: ChoiceOption[] }
  | { rule: 'formula'; expression: string }
  | { rule: 'manual' };

export type RuleName = ScoringRule['rule'];

export type Normalization =
  | { method: 'none' }
  /** Onto lower..upper (default 0..1) between the run's minimum and maximum. */
  | { method: 'minmax'; lower?: number; upper?: number }
  /** (x - mean) / sd of the run, then × sd' + mean' (default 0 and 1). */
  | { method: 'zscore'; mean?: number; sd?: number }
  /** Fixed goalposts, clipped to 0..1. */
  | { method: 'goalposts'; min: number; max: number }
  /** Distance to target: clamp(x / target, 0, 1). */
  | { method: 'target'; target: number };

export type NormalizationMethod = Normalization['method'];

/**
 * What a plausible answer to a leaf looks like. Soft: an answer outside it is saved all the same, with a warning that
 * the officer sees after the save and the reviewer beside the answer (src/submissions/plausibility.ts).
 */
export interface ExpectedSpec {
  /** The inclusive range of a plausible value (number, integer and percent inputs). */
  min?: number;
  max?: number;
  /**
   * How far from the unit's last-year answer is far: a change above this share of last year's value (a percent's
   * at least 10 points, another value's at least 1) warns. Default 0.5: more than half up or down.
   */
  change?: number;
}

export type IndicatorSource = 'self' | 'expert' | 'system' | 'survey';
export type EvidencePolicy = 'required' | 'optional' | 'none';
export type Direction = 1 | -1;

export interface FrameworkNode {
  code: string;
  name: LocalizedText;
  description?: LocalizedText;
  /** With `points`: a group's max is its own maxPoints (which must equal the children's sum) or that sum. */
  maxPoints?: number;
  /** With weighted means; default 1. */
  weight?: number;
  /** A group's aggregation; overrides the framework default. */
  aggregation?: Aggregation;
  children?: FrameworkNode[];
  // Leaf fields
  input?: InputSpec;
  scoring?: ScoringRule;
  source?: IndicatorSource;
  evidence?: EvidencePolicy;
  /** A leaf answer may be left empty at submit when false; default true. */
  required?: boolean;
  direction?: Direction;
  normalization?: Normalization;
  /** Name of a unit-level denominator (e.g. Population) the raw value is divided by before normalisation. */
  denominator?: string;
  /** True where the sources do not give this node: it is a stand-in, never official. */
  illustrative?: boolean;
  /** A leaf's plausible answers: outside them an answer is saved with a warning. */
  expected?: ExpectedSpec;
  /**
   * On a `source: system` leaf of a yearly framework: its value is taken from an indicator monitored every month in
   * another (periodic) framework. The scoring engine ignores it; whoever fills the system values reads it.
   */
  monitored?: MonitoredSpec;
}

/** How a yearly leaf's value comes from a monthly monitored indicator (its year's months). */
export type MonitoredTake = 'last' | 'mean' | 'at';

export interface MonitoredSpec {
  /** The code of the periodic framework that monitors the indicator. */
  framework: string;
  /** The code of a leaf of that framework. */
  indicator: string;
  /** `last`: the December value; `mean`: the mean of the year's months; `at`: the value of the month containing `at`. */
  take: MonitoredTake;
  /** "MM-DD", a day of the year; required with take `at`, refused otherwise. */
  at?: string;
}

/** How long one period of a framework's series is: the yearly assessment, or a quarter or a month of monitoring. */
export type FrameworkPeriod = 'year' | 'quarter' | 'month';

/** A dated value of a target's trajectory, on the indicator's own value scale (a percent leaf's 0..100). */
export interface TargetPoint {
  /** YYYY-MM-DD. */
  at: string;
  value: number;
}

/**
 * A target for one indicator (a node's code, or "index" for the framework's result): the values to reach by given
 * dates, joined by straight lines from `start` (src/frameworks/trajectory.ts). The scoring engine ignores it.
 */
export interface IndicatorTarget {
  indicator: string;
  /** Where the trajectory starts; without it there is no trajectory before the first `by`. */
  start?: TargetPoint;
  /** At least one; dates strictly increasing, after `start`. */
  by: TargetPoint[];
  description?: LocalizedText;
}

/**
 * A many-to-many view over the tree: the provincial DTI publishes pillar values (CQS, KTS, XHS) whose membership
 * crosses the main-indicator tree. A pillar's value is Σ points / Σ max of its members (or their weighted mean).
 */
export interface PillarMember {
  node: string;
  weight?: number;
}

export interface Pillar {
  code: string;
  name: LocalizedText;
  aggregation?: Aggregation;
  members: PillarMember[];
}

export type MissingPolicy = 'zero' | 'drop' | 'group_mean';

/** The COINr-style steps before normalisation; each is off unless given. */
export interface Pipeline {
  /** Divide leaves that name a `denominator` by the unit's denominator value. */
  denominate?: boolean;
  /** Replace a missing value by the mean of the leaf over the units of the same group (a unit group column). */
  impute?: { method: 'group_mean'; group: string };
  /** Drop units whose share of present leaf values is below minAvailability (0..1). */
  screen?: {
    minAvailability: number;
    /**
     * What availability counts: 'imputed' (default, COINr's order: after imputation, so only what imputation
     * could not fill) or 'raw' (the answers as given, screened before imputation so dropped units do not feed
     * the group means).
     */
    basis?: 'imputed' | 'raw';
  };
  /** Winsorise leaves whose |skew| ≥ skew and kurtosis ≥ kurtosis, up to maxWinsorised points, then log if needed. */
  treat?: { skew: number; kurtosis: number; maxWinsorised: number; fallback?: 'log' | 'none' };
}

export interface ResultSpec {
  /** The index is on 0..scale. */
  scale: number;
  /** Ranks compare values rounded to this many decimals. */
  precision: number;
  /** A unit group column to rank within as well (e.g. ministries with and without public services). */
  rankWithin?: string;
}

export interface Framework {
  code: string;
  version: string;
  level: UnitLevel;
  year: number;
  /** How long one period is; default `year` (frameworkPeriod in src/frameworks/framework-period.ts). */
  period?: FrameworkPeriod;
  name: LocalizedText;
  /** Where the framework comes from and what in it is official or illustrative, in Vietnamese. */
  source: string;
  /** The same note in English, for the visitors who read the pages in English. */
  sourceEn?: string;
  result: ResultSpec;
  aggregation: Aggregation;
  /** How a missing leaf value is treated; default 'zero'. */
  missing?: MissingPolicy;
  pipeline?: Pipeline;
  pillars?: Pillar[];
  /** Targets and their trajectories, for monitoring; at most one per indicator. */
  targets?: IndicatorTarget[];
  nodes: FrameworkNode[];
}
