import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { dispatchJob } from '../queue/dispatch-job';
import { JobLifecycle } from '../queue/job-lifecycle';
import type { JobOf } from '../queue/job-map';
import { QueueName } from '../queue/queue-name';
import type { QueueJob } from '../queue/queue-port';
import { QueueProcessor, type QueueProcessorHost } from '../queue/queue-processor';
import { scoreRunById } from '../scoring/score-runs.queries';
import { analysisRefusal, loadAnalysisInput } from './analysis-input';
import { AnalysisRows } from './analysis-rows';
import { runAnalysis } from './analysis-run';
import { ANALYSIS_JOB, type AnalysisJobData, type AnalysisJobs } from './analysis.jobs';

/** Progress: 5 % once the run's inputs are read, then the samples' share of 5–99 %, 100 % once the result is stored. */
const LOADED = 5;
/** The row's progress is written at most once per this many percent. */
const PROGRESS_STEP = 2;

/** What a finished analysis job returns (the queue keeps it). */
export interface AnalysisJobResult {
  units: number;
  seconds: number;
}

/**
 * Computes an analysis: reads its run's inputs (still the run's: loadAnalysisInput), runs the model (analysis-model.ts)
 * in a thread of its own (analysis-run.ts) with its progress mirrored in the row, and stores the result. A spec the
 * run cannot be analysed under, or a run whose inputs changed, fails at once with why (UnrecoverableError: retrying
 * cannot help); any other error is retried with backoff, and the row says failed after the last attempt. One job at
 * a time per worker: an analysis takes a core for its whole length.
 */
@QueueProcessor(QueueName.Analysis, { concurrency: 1, lockDuration: 60_000 })
export class AnalysisProcessor implements QueueProcessorHost {
  private readonly logger = new Logger(AnalysisProcessor.name);
  private readonly analyses: JobLifecycle<AnalysisRows>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.analyses = new JobLifecycle(new AnalysisRows(db), this.logger);
  }

  async process(job: QueueJob): Promise<AnalysisJobResult> {
    return dispatchJob<AnalysisJobs, AnalysisJobResult>(job, { [ANALYSIS_JOB]: (analysis) => this.analyse(analysis) });
  }

  private async analyse(job: JobOf<AnalysisJobs, typeof ANALYSIS_JOB>): Promise<AnalysisJobResult> {
    const started = Date.now();
    const row = await this.analyses.start(job, job.data.analysisId);
    const report = this.analyses.progress(job, row.id);
    const run = await scoreRunById(this.db.manager, row.runId);
    let reported = LOADED;
    try {
      const input = await loadAnalysisInput(this.db.manager, run, row.spec);
      await report(LOADED);
      const result = await runAnalysis(input, row.spec, run.id, async (fraction) => {
        const percent = Math.min(99, LOADED + Math.floor((99 - LOADED) * fraction));
        if (percent < reported + PROGRESS_STEP) return;
        reported = percent;
        await report(percent);
      });
      await Promise.all([job.updateProgress(100), this.analyses.rows.succeed(row.id, result)]);
      return { units: result.units.length, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      let refusal: DomainException;
      try {
        refusal = analysisRefusal(error);
      } catch {
        throw error;
      }
      return this.analyses.refuse(row.id, refusal.message);
    }
  }

  /** After a job's last attempt its analysis says failed, with why; never rejects (JobLifecycle.failed). */
  async onFailed(job: QueueJob<AnalysisJobData> | undefined, error: Error): Promise<void> {
    await this.analyses.failed(job, error, (data) => data.analysisId);
  }
}
