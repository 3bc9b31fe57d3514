import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { FileStorage } from '../storage/file-storage';
import { ExportProcessor } from '../exports/export.processor';
import { ScoreRunProcessor } from '../scoring/score-run.processor';
import { ImportsProcessor } from '../submissions/imports/imports.processor';
import type { ImportHandlerRegistry } from '../submissions/imports/import-handler.registry';
import { RECORD_FAILURE_DELAYS_MS, recordFailure } from './record-failure';

/** What PostgreSQL answers while it recovers from a crash: the reason the last attempt failed, and the mark too. */
const startingUp = Object.assign(new Error('the database system is starting up'), { code: '57P03' });

/** A database whose writes are refused `refusals` times (Infinity: always), then land; counts them. */
function database(refusals: number) {
  const writes = { tried: 0, landed: 0 };
  const write = async () => {
    writes.tried++;
    if (writes.tried <= refusals) throw startingUp;
    writes.landed++;
    return { affected: 1 };
  };
  const manager = { update: write, delete: async () => undefined };
  const db = {
    transaction: (work: (m: typeof manager) => Promise<unknown>) => work(manager),
    getRepository: () => ({ update: write }),
  } as unknown as DataSource;
  return { db, writes };
}

const lastAttempt = <T>(data: T) => ({ data, attemptsMade: 3, opts: { attempts: 3 } }) as unknown as Job<T>;

const handlers: Array<[string, (db: DataSource) => (error: Error) => Promise<void>]> = [
  ['the score run processor', (db) => (e) => new ScoreRunProcessor(db, { SCORING_LOCK_MS: 8000 } as AppConfig).onFailed(lastAttempt({ runId: 'r' }), e)],
  ['the export processor', (db) => (e) => new ExportProcessor(db, {} as FileStorage, {} as AppConfig).onFailed(lastAttempt({ exportJobId: 'x' }), e)],
  [
    'the imports processor',
    (db) => (e) => new ImportsProcessor(db, {} as FileStorage, {} as ImportHandlerRegistry).onFailed(lastAttempt({ importJobId: 'i', kind: 'system_values' } as never), e),
  ],
];

describe('recording a job’s final failure', () => {
  let errors: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe.each(handlers)('%s’s failed-event handler', (_name, handlerOf) => {
    it('never rejects while the database refuses every write (BullMQ drops the promise: a rejection would end the worker)', async () => {
      const { db, writes } = database(Infinity);
      const settled = handlerOf(db)(startingUp).then(
        () => 'resolved',
        (e: Error) => `rejected: ${e.message}`,
      );
      await jest.runAllTimersAsync();
      expect(await settled).toBe('resolved');
      expect(writes).toEqual({ tried: RECORD_FAILURE_DELAYS_MS.length + 1, landed: 0 });
      expect(errors.mock.calls.map(([m]) => String(m)).join('\n')).toContain('could not be recorded');
    });

    it('marks the row failed once the database is back (PostgreSQL recovering for a few seconds)', async () => {
      const { db, writes } = database(3);
      const settled = handlerOf(db)(startingUp);
      await jest.runAllTimersAsync();
      await settled;
      expect(writes).toEqual({ tried: 4, landed: 1 });
    });
  });

  it('waits the delays in turn, and says whether the write landed', async () => {
    const logger = { error: jest.fn(), warn: jest.fn() };
    let tries = 0;
    const landed = recordFailure(logger, 'job j', async () => {
      if (++tries < 3) throw startingUp;
    }, [100, 200]);
    await jest.advanceTimersByTimeAsync(99);
    expect(tries).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(tries).toBe(2);
    await jest.advanceTimersByTimeAsync(199);
    expect(tries).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(await landed).toBe(true);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
