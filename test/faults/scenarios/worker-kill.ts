/**
 * A worker process killed with SIGKILL while it writes: a score run's results, an export's workbook, an import's
 * values. Its open transaction dies with it; its job stays locked until the lock expires (the score run's is
 * FAULT_LOCK_MS here, an export's 60 s and an import's BullMQ's default 30 s), then a second worker's stalled check
 * gives it back and the second worker runs it to the end: once, with what an undisturbed run writes.
 */
import { QueueName } from '../../../src/queue/queue-name';
import type { FaultContext } from '../setup/fault-stack';
import { cycleDataExport, scoreRun, systemValuesImport, type Operation } from '../setup/operations';

/** A worker killed under each job, on the stack and scoring cycle that `get` gives (system.fault-spec.ts). */
export function workerKillScenarios(get: () => FaultContext): void {
  afterEach(async () => {
    await get().stack.workers.killAll();
  }, 30_000);

  it.each<[string, QueueName, (x: FaultContext) => Operation]>([
    ['a score run writing its results', QueueName.Scoring, (x) => scoreRun(x.stack, () => x.c)],
    ['an export writing its workbook', QueueName.Exports, (x) => cycleDataExport(x.stack, () => x.c)],
    ['an import writing its values', QueueName.Imports, (x) => systemValuesImport(x.stack, () => x.c, x.nextSeed)],
  ])('%s: another worker takes the job once the lock expires and runs it once to the end', async (_name, queue, make) => {
    const { stack } = get();
    const op = make(get());
    const first = stack.startWorker('first');
    await stack.workersReady(queue, 1);
    const id = await op.start();
    try {
      await stack.workers.until(`${op.name} to be in the middle`, async () => ((await op.inTheMiddle(id)) ? true : undefined), 60_000, 5);
      await stack.workers.kill(first);
      // Nothing of the killed worker's open transaction is visible: the row is still running, nothing committed.
      await op.unfinished(id);
      stack.startWorker('second');
      await stack.healthy('the worker was killed');
      await op.verify(id);
    } finally {
      await op.forget(id);
    }
  }, 240_000);
}
