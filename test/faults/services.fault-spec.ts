/**
 * PostgreSQL and Redis restarted while a score run, an export and an import are being written, on services of this
 * spec's own (setup/private-services.ts; never the machine's shared ones), with the API and a worker as child
 * processes of the compiled sources. After each fault: the app answers /health within RECOVERY_MS, the job ends
 * exactly once (its row succeeded, one `completed` event in BullMQ, as many starts as attempts recorded), and what it
 * wrote equals an undisturbed run of the same inputs (setup/operations.ts).
 */
import { QueueName } from '../../src/queue/queue-name';
import { openProvinceCycle, type OpenCycle } from '../utils/cycle-fixture';
import { fillSubmissions, moveCycle } from '../utils/fill-submissions';
import { FaultStack } from './setup/fault-stack';
import { cycleDataExport, scoreRun, systemValuesImport, type Operation } from './setup/operations';

describe('PostgreSQL and Redis restarted under running jobs', () => {
  let stack: FaultStack;
  let c: OpenCycle;
  let imports = 0;

  beforeAll(async () => {
    stack = await FaultStack.start();
    const t = stack.t;
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    stack.startWorker('worker');
    await stack.workersReady(QueueName.Scoring, 1);
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const operations: Array<[string, (s: FaultStack) => Operation]> = [
    ['a score run', (s) => scoreRun(s, () => c)],
    ["a cycle's data export", (s) => cycleDataExport(s, () => c)],
    ['a system-values import', (s) => systemValuesImport(s, () => c, () => ++imports)],
  ];
  const faults: Array<[string, (s: FaultStack) => Promise<void>]> = [
    ['PostgreSQL restarted (pg_ctl restart -m fast)', (s) => s.pg.restart('fast')],
    ['PostgreSQL crashed and restarted (pg_ctl restart -m immediate: crash recovery at the start)', (s) => s.pg.restart('immediate')],
    ['Redis restarted (SIGTERM, then the same command)', (s) => s.redis.restart('SIGTERM')],
    ['Redis killed (SIGKILL) and started again', (s) => s.redis.restart('SIGKILL')],
  ];

  describe.each(faults)('%s', (fault, inject) => {
    it.each(operations)(`during %s: /health answers again, the job ends once, nothing lost or doubled`, async (_name, make) => {
      const op = make(stack);
      const id = await op.start();
      try {
        await stack.workers.until(`${op.name} to be in the middle`, async () => ((await op.inTheMiddle(id)) ? true : undefined), 60_000, 5);
        await inject(stack);
        await stack.healthy(fault);
        await op.verify(id);
      } finally {
        await op.forget(id);
      }
    }, 240_000);
  });
});
