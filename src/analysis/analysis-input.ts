import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { EngineFrameworkError, EngineInputError } from '../engine';
import { keyedByUnitCode, reviewerCandidates } from '../reviews/reviewer-candidates.queries';
import { hashInputs, loadScoreInputs } from '../scoring/score-inputs';
import type { ScoreRunRow } from '../scoring/score-runs.queries';
import { AnalysisSpecError, type AnalysisModelInput } from './analysis-model';
import type { AnalysisRequestSpec } from './analysis-result';

/**
 * What the model of an analysis reads of its run: the run's inputs as scoring loads them (the scoring feature keeps
 * only their hash, so they are read again and must still hash to the run's: an analysis of other inputs would not
 * be the run's), and the reviewers' values when the spec draws among them. The service checks a new request with
 * it (a refusal then is a 4xx, nothing stored); the processor reads it again for the job.
 */
export async function loadAnalysisInput(manager: EntityManager, run: ScoreRunRow, spec: AnalysisRequestSpec): Promise<AnalysisModelInput> {
  const inputs = await loadScoreInputs(manager, run.cycleId);
  if (hashInputs(inputs) !== run.inputsHash) {
    throw new DomainException(ErrorCode.Conflict, `the cycle's inputs changed after score run ${run.id}: ask for a new run and analyse that`, [
      { field: 'runId', rule: 'currentInputs', message: `runId must be a run of the cycle's current inputs (run ${run.id} is stale)` },
    ]);
  }
  const input: AnalysisModelInput = { framework: inputs.framework, units: inputs.units, parameters: inputs.parameters };
  if (spec.sources.reviewers) {
    input.reviewerCandidates = keyedByUnitCode(await reviewerCandidates(manager, run.cycleId), inputs.units);
    // A source that can move nothing is a mistake to say, not an analysis to run: no reviews, or reviewers who agree.
    if (input.reviewerCandidates.size === 0) {
      throw new AnalysisSpecError('sources.reviewers', 'noReviews', "the run has no reviewed value on which the assigned reviewers' decisions differ: there is no spread to draw among");
    }
  }
  return input;
}

/**
 * A refusal of the model (a spec the run cannot be analysed under, or inputs the engine refuses) as the API says it:
 * a 400 naming the field and the rule; anything else is rethrown.
 */
export function analysisRefusal(error: unknown): DomainException {
  if (error instanceof DomainException) return error;
  if (error instanceof AnalysisSpecError) return DomainException.validation([{ field: error.field, rule: error.rule, message: error.message }]);
  if (error instanceof EngineInputError || error instanceof EngineFrameworkError) {
    return DomainException.validation([{ field: 'runId', rule: 'scorable', message: `the run's inputs cannot be analysed: ${error.message}` }]);
  }
  throw error;
}
