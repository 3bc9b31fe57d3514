/**
 * What an uncertainty and sensitivity analysis of a ranking declares and gives (issue #22): the contract between the
 * analysis job (which computes and stores it), publications (which freeze it in a snapshot), the public API, the
 * ranking page and the ranking workbook. JSON-safe: stored as jsonb and hashed as canonical JSON.
 */

/** How the weights move: each by up to ± factor (COINr's noise factor), or a Dirichlet around the official ones. */
export type WeightsSpec = { kind: 'range'; factor: number } | { kind: 'dirichlet'; concentration: number };

/** The declared sources of uncertainty; an absent key is a source left at its official value. */
export interface AnalysisSourcesSpec {
  /** The weights of the nodes at `level` (1: the pillars, the root's children; default 1). */
  weights?: WeightsSpec & { level?: number };
  /** The pillars' aggregation into the index drawn between arithmetic and geometric. */
  aggregation?: boolean;
  /** Alternatives for every normalised leaf (e.g. ['minmax', 'zscore']); the official one is kept as an option. */
  normalisation?: string[];
  /** Each reviewed final value drawn among the assigned reviewers' decisions for that unit and indicator. */
  reviewers?: boolean;
}

export interface AnalysisRequestSpec {
  sources: AnalysisSourcesSpec;
  /** Monte Carlo samples (default 1,000). */
  samples: number;
  /** An integer; the same seed, run and sources give the same analysis bit for bit. */
  seed: number;
  /** P(top k) is reported for this k (default 10). */
  top: number;
  /** Saltelli base samples N for the sensitivity indices (N × (d + 2) runs); 0 skips them. */
  sensitivitySamples: number;
}

/** One unit's rank under the sampled choices (null: never ranked in any sample). */
export interface AnalysisUnitResult {
  code: string;
  /** The published (official) rank, 0 when not ranked. */
  official: number;
  median: number | null;
  q05: number | null;
  q95: number | null;
  mean: number | null;
  /** P(rank ≤ top) and P(rank = official), shares of all samples. */
  pTop: number;
  pKeep: number;
}

/** A source's first-order and total-effect index of the mean rank shift, with bootstrap percentile intervals. */
export interface AnalysisSensitivityRow {
  source: string;
  first: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

export const ANALYSIS_FORMAT = 'dti-analysis/1';

export interface AnalysisResult {
  format: typeof ANALYSIS_FORMAT;
  runId: string;
  spec: AnalysisRequestSpec;
  /** Where the draws were made: the normal/Gamma/Dirichlet draws are promised equal only on the same Node. */
  nodeVersion: string;
  engineVersion: string;
  /** Sorted by official rank, then code (unranked last). */
  units: AnalysisUnitResult[];
  /** Null when sensitivitySamples was 0. */
  sensitivity: AnalysisSensitivityRow[] | null;
}
