import type { LoggerService } from '@nestjs/common';
import type { QueueJob } from './queue-port';
import { recordFailure } from './record-failure';
import { UnrecoverableError } from './unrecoverable-error';

/**
 * A feature's table of job rows (a score run, an export, an import: one row per thing asked for, which its job
 * works on) as the job lifecycle sees it. The feature implements it over its own table, with its own SQL; the
 * lifecycle knows no feature. Success is the feature's own to write: it records what the job made (results, a file,
 * a report), often in the transaction that writes it.
 */
export interface JobRows<Row> {
  /** What a row is called in errors and logs: `${noun} ${id} does not exist`, `${noun} ${id} failed: …`. */
  readonly noun: string;
  /** The row, or null when it no longer exists. */
  load(id: string): Promise<Row | null>;
  /** The row says running: an attempt of its job has started. */
  markRunning(row: Row, job: QueueJob): Promise<void>;
  /** The row's progress, in percent. */
  progress(id: string, percent: number): Promise<void>;
  /**
   * The row says failed, with the reason: refused, or after its job's last attempt (then maybe recorded late, after
   * recordFailure's tries: a row asked for again meanwhile may need to be left as it is).
   */
  fail(id: string, reason: string): Promise<unknown>;
}

/** The row type of a feature's JobRows. */
export type RowOf<Rows> = Rows extends JobRows<infer Row> ? Row : never;

/**
 * A job's row through its job's life: loaded (gone: the job fails at once), marked running, its progress mirrored
 * from the job's, marked failed when refused or after the last attempt. One per processor, over its feature's rows
 * (`rows`, for what else the feature writes on them: its success, a split run's steps).
 */
export class JobLifecycle<Rows extends JobRows<unknown>> {
  constructor(
    readonly rows: Rows,
    private readonly logger: Pick<LoggerService, 'error' | 'warn'>,
  ) {}

  /** The job's row; one that no longer exists fails the job at once (UnrecoverableError): retrying cannot help. */
  async load(id: string): Promise<RowOf<Rows>> {
    const row = (await this.rows.load(id)) as RowOf<Rows> | null;
    if (!row) throw new UnrecoverableError(`${this.rows.noun} ${id} does not exist`);
    return row;
  }

  /** Loads the job's row and marks it running. */
  async start(job: QueueJob, id: string): Promise<RowOf<Rows>> {
    const row = await this.load(id);
    await this.rows.markRunning(row, job);
    return row;
  }

  /** Reports a percent as the job's progress (the queue's) and the row's at once. */
  progress(job: QueueJob, id: string): (percent: number) => Promise<void> {
    return async (percent) => {
      await Promise.all([job.updateProgress(percent), this.rows.progress(id, percent)]);
    };
  }

  /**
   * Bad input: the row is marked (failed with the reason, unless `mark` records the refusal otherwise) and the job
   * fails at once (UnrecoverableError), not retried.
   */
  async refuse(id: string, reason: string, mark: () => Promise<unknown> = () => this.rows.fail(id, reason)): Promise<never> {
    await mark();
    throw new UnrecoverableError(reason);
  }

  /**
   * For the worker's `failed` event: after the job's last attempt the row says failed with the error's message (an
   * earlier attempt is retried; a refusal, UnrecoverableError, marked the row already). Never rejects
   * (recordFailure): the driver drops this promise, and an unhandled rejection would end the worker.
   */
  async failed<D>(job: QueueJob<D> | undefined, error: Error, rowId: (data: D) => string): Promise<void> {
    if (!job || error instanceof UnrecoverableError) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const what = `${this.rows.noun} ${rowId(job.data)}`;
    this.logger.error(`${what} failed: ${error.stack ?? error.message}`);
    await recordFailure(this.logger, what, () => this.rows.fail(rowId(job.data), error.message));
  }
}
