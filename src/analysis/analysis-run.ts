import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyseRun, AnalysisSpecError, type AnalysisModelInput } from './analysis-model';
import type { AnalysisRequestSpec, AnalysisResult } from './analysis-result';

/** What the analysis thread reports, in order: progress (any number of times), then done or failed. */
export type AnalysisThreadMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; result: AnalysisResult }
  | { type: 'failed'; message: string; spec: { field: string; rule: string } | null };

/** The compiled thread's entry point (there is none beside the TypeScript sources: the tests run those). */
const THREAD_SCRIPT = join(__dirname, 'analysis-thread.js');

/**
 * An analysis computed off the worker's event loop: the model runs for seconds to minutes without a pause, during
 * which the job's lock could not be renewed nor its progress written. In a thread of its own (the compiled code) the
 * worker's loop stays free: the lock is renewed, `onProgress` writes the row as the thread reports, and other
 * queues' jobs go on. Where there is no compiled thread (the TypeScript sources under Jest) it runs here, and
 * `onProgress` hears of the progress only once the model has finished (the tests' analyses take a second or less).
 * The thread's result is the same bit for bit: the same code on the same Node (analysis-result.ts: nodeVersion).
 */
export async function runAnalysis(
  input: AnalysisModelInput,
  spec: AnalysisRequestSpec,
  runId: string,
  onProgress: (fraction: number) => Promise<void>,
): Promise<AnalysisResult> {
  if (!existsSync(THREAD_SCRIPT)) {
    let last = 0;
    const result = analyseRun(input, spec, { runId }, (done, total) => {
      last = done / total;
    });
    await onProgress(last);
    return result;
  }
  return new Promise((resolve, reject) => {
    const thread = new Worker(THREAD_SCRIPT, { workerData: { input, spec, runId } });
    // In order, one at a time; a failed progress write is not the analysis' failure.
    let progress: Promise<void> = Promise.resolve();
    let outcome: AnalysisThreadMessage | null = null;
    thread.on('message', (message: AnalysisThreadMessage) => {
      if (message.type === 'progress') progress = progress.then(() => onProgress(message.fraction)).catch(() => undefined);
      else outcome = message;
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      void progress.then(() => {
        const end = outcome as AnalysisThreadMessage | null;
        if (end?.type === 'done') return resolve(end.result);
        if (end?.type === 'failed') return reject(end.spec ? new AnalysisSpecError(end.spec.field, end.spec.rule, end.message) : new Error(end.message));
        reject(new Error(`the analysis thread ended without a result (exit code ${code})`));
      });
    });
  });
}
