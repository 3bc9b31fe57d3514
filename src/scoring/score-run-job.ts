import { Injectable, Logger } from '@nestjs/common';
import { QueueName } from '../queue/queue-name';
import { InjectQueuePort, type QueuedJob, type QueuePort } from '../queue/queue-port';
import type { ScoreRun } from './score-run.entity';
import { ScoringProducer } from './scoring.producer';

/**
 * How often each scoring worker looks for jobs whose lock ran out (BullMQ's stalledInterval; the check is shared by
 * all workers, so one runs per interval): a dead worker's job goes back to the queue at most this long after its lock
 * expired, and a connected worker takes it at once.
 */
export const STALL_CHECK_MS = 5_000;

/** Where a queued or running score run's job stands in the queue, and whether the worker that holds it is still there. */
export interface ScoreRunJobView {
  /** BullMQ's state of the job holding the run (for a split run, the batch or ranking job under way). */
  state: string;
  /** The worker holding it (BullMQ's processedBy: host and pid), while it is active. */
  worker: string | null;
  /**
   * The worker holding it is no longer connected to the queue (its process died): the run stays "running" until
   * its lock runs out and another worker's stall check gives the job back; see retryBy.
   */
  workerLost: boolean;
  /** When the lost worker's lock on the job runs out (Redis's TTL of the lock). */
  lockExpiresAt: Date | null;
  /** By when a connected worker takes the job again: the lock's end plus one stall check. Null with no worker connected. */
  retryBy: Date | null;
  /** Workers connected to the scoring queue now: with none, a queued or lost job waits until one starts. */
  workersConnected: number;
  /** This attempt (each start counts, a start after a lost worker too), of at most maxAttempts. */
  attempt: number;
  maxAttempts: number;
}

/**
 * Reads a run's job from the queue for the run's view (the API and the admin page's live progress): a run whose
 * worker died would otherwise show "running" with no word of it for the whole lock (SCORING_LOCK_MS).
 */
@Injectable()
export class ScoreRunJobs {
  private readonly logger = new Logger(ScoreRunJobs.name);

  constructor(
    @InjectQueuePort(QueueName.Scoring) private readonly queue: QueuePort,
  ) {}

  /**
   * The job of a queued or running run; null for a finished run, one whose job is gone, or while Redis cannot be
   * read (the run's record is still shown: this is a word on it, never a reason to refuse it).
   */
  async of(run: Pick<ScoreRun, 'id' | 'status' | 'cycleId' | 'inputsHash'>): Promise<ScoreRunJobView | null> {
    if (run.status !== 'queued' && run.status !== 'running') return null;
    try {
      return await this.read(run);
    } catch (error) {
      this.logger.warn(`score run ${run.id}: its job could not be read from the queue: ${(error as Error).message}`);
      return null;
    }
  }

  private async read(run: Pick<ScoreRun, 'cycleId' | 'inputsHash'>): Promise<ScoreRunJobView | null> {
    const jobId = ScoringProducer.jobId(run.cycleId, run.inputsHash);
    // A split run's batches are `<jobId>-b<n>`; only the few active jobs of the queue (one per worker) are read.
    const [active, parent, workers] = await Promise.all([this.queue.getActive(), this.queue.getJob(jobId), this.queue.workerNames()]);
    const mine = active.filter((j) => j.id === jobId || j.id?.startsWith(`${jobId}-b`));
    const connected = new Set(workers);
    const lost = mine.find((j) => j.processedBy && !connected.has(j.processedBy));
    const job: QueuedJob | undefined = lost ?? mine[0] ?? parent;
    if (!job) return null;
    const state = mine.includes(job) ? 'active' : await job.getState();
    const base = {
      state,
      worker: state === 'active' ? (job.processedBy ?? null) : null,
      workersConnected: workers.length,
      attempt: job.attemptsStarted,
      maxAttempts: job.opts.attempts ?? 1,
    };
    if (!lost) return { ...base, workerLost: false, lockExpiresAt: null, retryBy: null };
    const lockExpiresAt = await this.queue.lockExpiresAt(lost.id!);
    const retryBy = workers.length > 0 && lockExpiresAt ? new Date(lockExpiresAt.getTime() + STALL_CHECK_MS) : null;
    return { ...base, workerLost: true, lockExpiresAt, retryBy };
  }
}
