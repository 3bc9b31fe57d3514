/**
 * A worker process killed with SIGKILL while it writes: a score run's results, an export's workbook, an import's
 * values. Its open transaction dies with it; its job stays locked until the lock expires (the score run's is
 * FAULT_LOCK_MS here, an export's 60 s and an import's BullMQ's default 30 s), then a second worker's stalled check
 * gives it back and the second worker runs it to the end: once, with what an undisturbed run writes.
 */
import { QueueName } from '../../src/queue/queue-name';
import { openProvinceCycle, type OpenCycle } from '../utils/cycle-fixture';
import { fillSubmissions, moveCycle } from '../utils/fill-submissions';
import { FaultStack } from './setup/fault-stack';
import { cycleDataExport, scoreRun, systemValuesImport, type Operation } from './setup/operations';

describe('a worker killed with SIGKILL in the middle of a write', () => {
  let stack: FaultStack;
  let c: OpenCycle;
  let imports = 0;

  beforeAll(async () => {
    stack = await FaultStack.start();
    const t = stack.t;
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
  }, 240_000);
  afterEach(async () => {
    await stack.workers.killAll();
  }, 30_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it.each<[string, QueueName, (s: FaultStack) => Operation]>([
    ['a score run writing its results', QueueName.Scoring, (s) => scoreRun(s, () => c)],
    ['an export writing its workbook', QueueName.Exports, (s) => cycleDataExport(s, () => c)],
    ['an import writing its values', QueueName.Imports, (s) => systemValuesImport(s, () => c, () => ++imports)],
  ])('%s: another worker takes the job once the lock expires and runs it once to the end', async (_name, queue, make) => {
    const op = make(stack);
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
});
