import { canonicalHash } from '../common/canonical-json';
import type { FieldProblem } from '../common/domain.exception';
import type { AnalysisRequestSpec, AnalysisSourcesSpec } from './analysis-result';

/** What an analysis takes when the request leaves it out (issue #22: 1,000 samples, seeded, the top 10). */
export const ANALYSIS_DEFAULTS = { samples: 1000, seed: 2026, top: 10, sensitivitySamples: 0 } as const;

/**
 * The normalisations an analysis may put in place of a normalised leaf's own: the engine's methods that take no
 * parameter of the leaf (goalposts and target take the leaf's own bounds, so they are no alternative for every leaf).
 */
export const ANALYSIS_NORMALISATIONS = ['minmax', 'zscore'] as const;

/** The sources as the API takes them: the weights' parameters checked against their kind by sourcesProblems. */
export interface AnalysisSourcesRequest extends Omit<AnalysisSourcesSpec, 'weights'> {
  weights?: { kind: 'range' | 'dirichlet'; factor?: number; concentration?: number; level?: number };
}

/** A request as the API takes it: every number optional, the sources as declared. */
export interface AnalysisRequest {
  samples?: number;
  seed?: number;
  top?: number;
  sensitivitySamples?: number;
  sources: AnalysisSourcesRequest;
}

/**
 * The stored spec of a request: the defaults filled in and the sources written in one way (an absent or false
 * source left out, the weights' level and a normalisation list as given), so that two requests that mean the same
 * analysis hash the same and are one analysis.
 */
export function analysisSpecOf(request: AnalysisRequest): AnalysisRequestSpec {
  const { weights, aggregation, normalisation, reviewers } = request.sources;
  const sources: AnalysisSourcesSpec = {};
  if (weights) {
    const level = weights.level ?? 1;
    sources.weights = weights.kind === 'range' ? { kind: 'range', factor: weights.factor!, level } : { kind: 'dirichlet', concentration: weights.concentration!, level };
  }
  if (aggregation) sources.aggregation = true;
  if (normalisation && normalisation.length > 0) sources.normalisation = [...new Set(normalisation)].sort();
  if (reviewers) sources.reviewers = true;
  return {
    sources,
    samples: request.samples ?? ANALYSIS_DEFAULTS.samples,
    seed: request.seed ?? ANALYSIS_DEFAULTS.seed,
    top: request.top ?? ANALYSIS_DEFAULTS.top,
    sensitivitySamples: request.sensitivitySamples ?? ANALYSIS_DEFAULTS.sensitivitySamples,
  };
}

/** Whether a spec declares at least one source of uncertainty: an analysis of none would only say the official ranks. */
export const hasSource = (sources: AnalysisSourcesRequest): boolean =>
  Boolean(sources.weights || sources.aggregation || sources.normalisation?.length || sources.reviewers);

/** The spec's part of an analysis' business key (with its run). */
export const analysisSpecHash = (spec: AnalysisRequestSpec): string => canonicalHash(spec);

/**
 * What the DTO's per-field rules cannot say: at least one source, and the weights' parameter of their kind only
 * (a factor with a Dirichlet, or a concentration with a range, would be silently ignored).
 */
export function sourcesProblems(sources: AnalysisSourcesRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!hasSource(sources)) {
    problems.push({ field: 'sources', rule: 'atLeastOneSource', message: 'sources must declare at least one source: weights, aggregation, normalisation or reviewers' });
  }
  const { weights } = sources;
  if (weights?.kind === 'range' && weights.concentration !== undefined) {
    problems.push({ field: 'sources.weights.concentration', rule: 'forbidden', message: "sources.weights.concentration is a parameter of kind 'dirichlet', not 'range'" });
  }
  if (weights?.kind === 'dirichlet' && weights.factor !== undefined) {
    problems.push({ field: 'sources.weights.factor', rule: 'forbidden', message: "sources.weights.factor is a parameter of kind 'range', not 'dirichlet'" });
  }
  return problems;
}
