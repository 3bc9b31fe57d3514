import { parentPort, workerData } from 'node:worker_threads';
import { analyseRun, AnalysisSpecError, type AnalysisModelInput } from './analysis-model';
import type { AnalysisRequestSpec } from './analysis-result';
import type { AnalysisThreadMessage } from './analysis-run';

/**
 * The analysis thread (started by runAnalysis from the compiled code): runs one analysis and reports over its port,
 * progress in whole percents, then the result or the failure; then ends.
 */
const { input, spec, runId } = workerData as { input: AnalysisModelInput; spec: AnalysisRequestSpec; runId: string };
const post = (message: AnalysisThreadMessage): void => parentPort!.postMessage(message);
let reported = -1;
try {
  const result = analyseRun(input, spec, { runId }, (done, total) => {
    const percent = Math.floor((100 * done) / total);
    if (percent > reported) {
      reported = percent;
      post({ type: 'progress', fraction: done / total });
    }
  });
  post({ type: 'done', result });
} catch (error) {
  const spec = error instanceof AnalysisSpecError ? { field: error.field, rule: error.rule } : null;
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error), spec });
}
