import type { QueueJob } from './queue-port';
import { UnrecoverableError } from './unrecoverable-error';
import { JobLifecycle, type JobRows } from './job-lifecycle';

interface Row {
  id: string;
  status: string;
  progress: number;
  error?: string;
}

/** A table of job rows in memory, recording what the lifecycle asked of it. */
function table(...rows: Row[]) {
  const byId = new Map(rows.map((r) => [r.id, { ...r }]));
  const rowsOf: JobRows<Row> = {
    noun: 'widget',
    load: async (id) => byId.get(id) ?? null,
    markRunning: async (row) => void Object.assign(byId.get(row.id)!, { status: 'running', progress: 0 }),
    progress: async (id, percent) => void Object.assign(byId.get(id)!, { progress: percent }),
    fail: async (id, reason) => void Object.assign(byId.get(id)!, { status: 'failed', error: reason }),
  };
  return { rows: rowsOf, byId };
}

const logger = () => ({ error: jest.fn(), warn: jest.fn() });
const jobOf = (data: { widgetId: string }, attemptsMade = 1, attempts = 3) =>
  ({ data, attemptsMade, opts: { attempts }, updateProgress: jest.fn(async () => undefined) }) as unknown as QueueJob<{ widgetId: string }> & {
    updateProgress: jest.Mock;
  };

describe('JobLifecycle', () => {
  it('loads the job’s row and marks it running', async () => {
    const { rows, byId } = table({ id: 'w1', status: 'queued', progress: 7 });
    const row = await new JobLifecycle(rows, logger()).start(jobOf({ widgetId: 'w1' }), 'w1');
    expect(row.id).toBe('w1');
    expect(byId.get('w1')).toMatchObject({ status: 'running', progress: 0 });
  });

  it('fails the job at once when its row no longer exists', async () => {
    const started = new JobLifecycle(table().rows, logger()).start(jobOf({ widgetId: 'gone' }), 'gone');
    await expect(started).rejects.toThrow(UnrecoverableError);
    await expect(started).rejects.toThrow('widget gone does not exist');
  });

  it('reports progress as the job’s and the row’s', async () => {
    const { rows, byId } = table({ id: 'w1', status: 'running', progress: 0 });
    const job = jobOf({ widgetId: 'w1' });
    await new JobLifecycle(rows, logger()).progress(job, 'w1')(40);
    expect(job.updateProgress).toHaveBeenCalledWith(40);
    expect(byId.get('w1')!.progress).toBe(40);
  });

  it('refuses: marks the row (failed, or as the feature says) and fails the job without retries', async () => {
    const { rows, byId } = table({ id: 'w1', status: 'running', progress: 0 }, { id: 'w2', status: 'running', progress: 0 });
    const lifecycle = new JobLifecycle(rows, logger());
    await expect(lifecycle.refuse('w1', 'bad input')).rejects.toThrow(new UnrecoverableError('bad input'));
    expect(byId.get('w1')).toMatchObject({ status: 'failed', error: 'bad input' });
    const rejected = jest.fn(async () => void Object.assign(byId.get('w2')!, { status: 'rejected' }));
    await expect(lifecycle.refuse('w2', 'bad file', rejected)).rejects.toThrow(UnrecoverableError);
    expect(byId.get('w2')!.status).toBe('rejected');
  });

  describe('the failed event', () => {
    it('marks the row failed with the error after the last attempt, and logs it', async () => {
      const { rows, byId } = table({ id: 'w1', status: 'running', progress: 30 });
      const log = logger();
      await new JobLifecycle(rows, log).failed(jobOf({ widgetId: 'w1' }, 3, 3), new Error('disk full'), (d) => d.widgetId);
      expect(byId.get('w1')).toMatchObject({ status: 'failed', error: 'disk full' });
      expect(String(log.error.mock.calls[0][0])).toMatch(/^widget w1 failed: Error: disk full/);
    });

    it('leaves the row to the retry before the last attempt, to the refusal after an UnrecoverableError, and a lost job alone', async () => {
      const { rows, byId } = table({ id: 'w1', status: 'running', progress: 30 });
      const lifecycle = new JobLifecycle(rows, logger());
      await lifecycle.failed(jobOf({ widgetId: 'w1' }, 2, 3), new Error('timeout'), (d) => d.widgetId);
      await lifecycle.failed(jobOf({ widgetId: 'w1' }, 3, 3), new UnrecoverableError('refused'), (d) => d.widgetId);
      await lifecycle.failed(undefined, new Error('lost'), (d: { widgetId: string }) => d.widgetId);
      expect(byId.get('w1')!.status).toBe('running');
    });
  });
});
