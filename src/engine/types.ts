import type { Framework } from './framework.model';

/** A raw answer as stored: the engine parses it by the leaf's input type. */
export type RawValue = boolean | number | string | Record<string, number> | null | undefined;

export interface UnitInput {
  code: string;
  /** False: scored and shown, but takes no rank place (an EU aggregate, a partner country). Default true. */
  ranked?: boolean;
  /** Group columns (e.g. EurAsia_group, ministry kind) for group-mean imputation and ranking within groups. */
  groups?: Record<string, string>;
  /** Leaf code → raw value. */
  values: Record<string, RawValue>;
  /** Denominator name (e.g. Population) → value, for leaves that name a `denominator`. */
  denominators?: Record<string, number>;
  /**
   * Leaf code → points given by a person: the reviewer's points for `manual` leaves; for other rule leaves, points
   * that replace the rule's (a reconciled review score). Ignored on normalised leaves.
   */
  manualPoints?: Record<string, number>;
}

export interface ScoreOptions {
  /** Rank units within each value of this group column too (e.g. ministries with and without public services). */
  rankWithin?: string;
  /**
   * With rankWithin, false ranks within the groups only, as 922/QĐ-BTTTT ranks ministries (with and without public
   * services) and publishes no rank across the groups: every `rank` (the index's, the nodes', the pillars') is then
   * the rank within the unit's group, equal to its `groupRank`. Default true: `rank` is across all units.
   */
  rankAcrossGroups?: boolean;
  /** Which nodes get a rank of their own: groups (default: every non-leaf node and pillar), all, none. */
  rankNodes?: 'groups' | 'all' | 'none';
  /** Keep the leaf values after each pipeline stage (denominated, imputed, treated, normalised) in the result. */
  keepStages?: boolean;
}

export type NoteKind =
  | 'imputed'
  | 'dropped'
  | 'zero'
  | 'winsorised'
  | 'logged'
  | 'screened_out'
  | 'not_scored'
  | 'formula_nan'
  | 'no_denominator'
  | 'no_index';

export interface UnitNote {
  kind: NoteKind;
  /** The node the note is about; absent for notes about the whole unit. */
  node?: string;
  message: string;
  /** The value put in place (imputed mean, winsorised value). */
  value?: number;
}

export interface NodeResult {
  /** Rule leaves and groups of rule leaves: 0..1; normalised leaves: on the normalisation's scale. Null: missing or not scored. */
  value: number | null;
  /** Null where the node has no maxPoints (a weighted mean without maxPoints, a normalised leaf without one). */
  points: number | null;
  /** The max this unit's points are out of (less than declared when children were dropped). */
  maxPoints: number | null;
  /** This node's share of the index, in index units; the leaves' contributions sum to the index. Null below a geometric mean. */
  contribution: number | null;
  rank: number | null;
  groupRank?: number | null;
  /** Leaves: the raw value as given. */
  raw?: RawValue;
  /** Normalised leaves: the number that was normalised (after denomination, imputation and treatment). */
  input?: number | null;
}

/**
 * forEachNode's visitor: a node's code and its result, the fields of `UnitResult.nodes[code]` (those the record
 * lacks are undefined here). The object is one cursor reused for every node: read its fields, do not keep it.
 */
export type NodeVisitor = (code: string, node: Readonly<NodeResult>) => void;

export interface PillarResult {
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  rank: number | null;
  groupRank?: number | null;
}

export type UnitStatus = 'scored' | 'screened_out' | 'no_index';

export interface UnitResult {
  code: string;
  ranked: boolean;
  status: UnitStatus;
  /** Root value × result.scale, full precision. */
  index: number | null;
  /** The index rounded to result.precision: what ranks compare and what is published. */
  indexRounded: number | null;
  rank: number | null;
  /** Rank within the unit's value of `rankWithin`, when asked. */
  group?: string;
  groupRank?: number | null;
  nodes: Record<string, NodeResult>;
  pillars: Record<string, PillarResult>;
  notes: UnitNote[];
}

export interface TreatmentLog {
  indicator: string;
  skew: number;
  kurtosis: number;
  passed: boolean;
  /** Points changed by winsorisation (0 when it passed). */
  winsorised: number;
  /** Units whose value was changed. */
  units: string[];
  logged: boolean;
  /** After treatment (absent when it passed at once). */
  after?: { skew: number; kurtosis: number; passed: boolean };
}

export type StageTable = Record<string, Record<string, number | null>>;

export interface ScoreResult {
  engineVersion: string;
  framework: { code: string; version: string };
  /** Sorted by code. */
  units: UnitResult[];
  /** Number of units that took a rank place. */
  rankedCount: number;
  treatment: TreatmentLog[];
  /** Per stage, unit → leaf → value; only with options.keepStages. */
  stages?: { denominated: StageTable; imputed: StageTable; treated: StageTable; normalised: StageTable };
}

export type ScoreFn = (framework: Framework, units: UnitInput[], options?: ScoreOptions) => ScoreResult;
