import { isUnitLocal } from '../engine/rank-results';
import type { ScoreOptions } from '../engine/types';
import { hashInputs, type ScoreInputs } from './score-inputs';

/**
 * A large run of a unit-local framework (isUnitLocal: every leaf scored by a rule, no group-mean imputation, no
 * outlier treatment) is split: one child job per batch of units, which any worker may take, scores its units
 * without ranks and stages them; a parent job, once every child is done, ranks them all with the engine's
 * rankResults and writes the final results. The results, and their hash, are those of one job scoring all units.
 * Smaller runs, and frameworks with a step that needs every unit (normalisation, imputation by group means,
 * outlier treatment), stay one job.
 */

/** Runs of more units than this are split (a commune-level run: some 10,000 units). */
export const SPLIT_ABOVE = 5_000;
/** Units per child job. */
export const BATCH_SIZE = 1_000;

/** How a run is split; the defaults above unless a caller (a test, a benchmark) asks otherwise. */
export interface RunSplit {
  splitAbove?: number;
  batchSize?: number;
}

export const SCORE_BATCH_JOB = 'score-batch';
export const SCORE_RANK_JOB = 'score-rank';

/** One batch: its units' codes and the hash of its part of the run's inputs (with the run's parameters). */
export interface ScoreBatch {
  codes: string[];
  inputsHash: string;
}

export interface ScoreBatchJobData {
  runId: string;
  batch: number;
  codes: string[];
  inputsHash: string;
}

export interface ScoreRankJobData {
  runId: string;
  batches: number;
}

/** What a child job returns (kept in the queue's job record): its batch, its units, and which worker did it. */
export interface ScoreBatchResult {
  batch: number;
  units: number;
  worker: string;
}

/** The hash of one batch's part of the inputs, computed alike by the request (from all inputs) and by the child. */
export function batchInputsHash(inputs: ScoreInputs, parameters: ScoreOptions): string {
  return hashInputs({ ...inputs, parameters });
}

/** The batches of a run, or null when the run is one job. Units are in code order, so batches are too. */
export function planBatches(inputs: ScoreInputs, split: RunSplit = {}): ScoreBatch[] | null {
  const splitAbove = split.splitAbove ?? SPLIT_ABOVE;
  const size = Math.max(1, Math.floor(split.batchSize ?? BATCH_SIZE));
  if (inputs.units.length <= splitAbove || !isUnitLocal(inputs.framework)) return null;
  const batches: ScoreBatch[] = [];
  for (let i = 0; i < inputs.units.length; i += size) {
    const units = inputs.units.slice(i, i + size);
    batches.push({ codes: units.map((u) => u.code), inputsHash: batchInputsHash({ ...inputs, units }, inputs.parameters) });
  }
  return batches;
}
