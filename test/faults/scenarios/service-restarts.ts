/**
 * PostgreSQL and Redis restarted while a score run, an export and an import are being written, on the services of
 * the suite's own (setup/private-services.ts; never the machine's shared ones), with a worker as a child process of
 * the compiled sources. After each fault: the app answers /health within RECOVERY_MS, the job ends exactly once (its
 * row succeeded, one `completed` event in BullMQ, as many starts as attempts recorded), and what it wrote equals an
 * undisturbed run of the same inputs (setup/operations.ts).
 */
import { QueueName } from '../../../src/queue/queue-name';
import type { FaultContext, FaultStack } from '../setup/fault-stack';
import { cycleDataExport, scoreRun, systemValuesImport, type Operation } from '../setup/operations';

/** Each fault under each job, on the stack and scoring cycle that `get` gives (system.fault-spec.ts). */
export function serviceRestartScenarios(get: () => FaultContext): void {
  beforeAll(async () => {
    get().stack.startWorker('worker');
    await get().stack.workersReady(QueueName.Scoring, 1);
  }, 120_000);
  afterAll(async () => {
    await get().stack.workers.killAll();
  }, 30_000);

  const operations: Array<[string, (x: FaultContext) => Operation]> = [
    ['a score run', (x) => scoreRun(x.stack, () => x.c)],
    ["a cycle's data export", (x) => cycleDataExport(x.stack, () => x.c)],
    ['a system-values import', (x) => systemValuesImport(x.stack, () => x.c, x.nextSeed)],
  ];
  const faults: Array<[string, (s: FaultStack) => Promise<void>]> = [
    ['PostgreSQL restarted (pg_ctl restart -m fast)', (s) => s.pg.restart('fast')],
    ['PostgreSQL crashed and restarted (pg_ctl restart -m immediate: crash recovery at the start)', (s) => s.pg.restart('immediate')],
    ['Redis restarted (SIGTERM, then the same command)', (s) => s.redis.restart('SIGTERM')],
    ['Redis killed (SIGKILL) and started again', (s) => s.redis.restart('SIGKILL')],
  ];

  describe.each(faults)('%s', (fault, inject) => {
    it.each(operations)(`during %s: /health answers again, the job ends once, nothing lost or doubled`, async (_name, make) => {
      const { stack } = get();
      const op = make(get());
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
}
