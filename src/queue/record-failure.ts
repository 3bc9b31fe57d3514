import type { LoggerService } from '@nestjs/common';

/**
 * Waits between the tries of recordFailure: about 30 s in all, longer than PostgreSQL's crash recovery or a restart
 * of the database behind a job (which is what most often ends a job's last attempt in the first place).
 */
export const RECORD_FAILURE_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000];

/**
 * Records a job's final failure on its row (`write`) from a worker's `failed` event handler, and never rejects:
 * BullMQ drops the handler's promise, so a rejection there (the database still down when the last attempt failed)
 * would be unhandled and end the worker process, with the row left `running` for good. The write is tried again
 * after each of `delaysMs`; if it never lands, the error is logged and the row is left as it is: a request for the
 * same thing again finds its job failed and queues it anew (ScoringService.requestRun, ExportsService.request).
 */
export async function recordFailure(
  logger: Pick<LoggerService, 'error' | 'warn'>,
  what: string,
  write: () => Promise<unknown>,
  delaysMs: readonly number[] = RECORD_FAILURE_DELAYS_MS,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      if (attempt >= delaysMs.length) {
        logger.error(`${what}: its failure could not be recorded after ${attempt + 1} tries, the row keeps its state: ${message}`);
        return false;
      }
      logger.warn(`${what}: its failure could not be recorded (try ${attempt + 1}), trying again in ${delaysMs[attempt]} ms: ${message}`);
      // Unref'd: a worker shutting down does not wait out these tries.
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]).unref());
    }
  }
}
