import { getHeapStatistics } from 'node:v8';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { peakRssBytes } from '../common/peak-rss';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from '../database/data-source-options';
import type { CappedChildMessage } from './capped-process';
import { UnrecoverableError } from './unrecoverable-error';

const send = <T>(message: CappedChildMessage<T>): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });

const orphaned = () => process.exit(1);

/**
 * The body of a capped process (started by runCappedProcess): parses its argument, opens the database, runs `work`
 * (which may report progress), reports its result with its time, peak RSS and heap limit (or why it failed), then
 * ends. It ends too if its parent goes away. A DomainException or UnrecoverableError is a refusal no retry can help.
 */
export function runAsCappedChild<A, T extends object>(work: (db: DataSource, argument: A, progress: (fraction: number) => Promise<void>) => Promise<T>): void {
  const main = async (): Promise<void> => {
    process.once('disconnect', orphaned);
    const argument = JSON.parse(process.argv[2] ?? '{}') as A;
    const db = await new DataSource(withEntityFiles(loadConfig())).initialize();
    try {
      const t0 = process.hrtime.bigint();
      const result = await work(db, argument, (fraction) => send({ type: 'progress', fraction }));
      await send<T>({
        type: 'done',
        ...result,
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        maxRssBytes: peakRssBytes(),
        heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await send({ type: 'failed', message, unrecoverable: error instanceof DomainException || error instanceof UnrecoverableError });
    } finally {
      await db.destroy();
    }
    process.removeListener('disconnect', orphaned);
    process.disconnect?.();
  };
  main().catch(async (error: unknown) => {
    // Could not even start (configuration, database): a failure the job may retry.
    await send({ type: 'failed', message: error instanceof Error ? error.message : String(error), unrecoverable: false });
    process.exit(1);
  });
}
