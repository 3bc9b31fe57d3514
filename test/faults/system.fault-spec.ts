/**
 * The fault-injection suite: one private stack (setup/fault-stack.ts: a PostgreSQL and a Redis of its own, the API
 * and workers as child processes of the compiled sources), one province cycle of the 63 provinces with the demo's
 * answers, and each fault in turn (scenarios/): the API restarted under saves while the cycle is open, then, in
 * scoring, PostgreSQL and Redis restarted under each kind of job and a worker killed under each. One stack for all:
 * compiling, initdb, migrations and the cycle are the slow part, paid once.
 */
import { openProvinceCycle } from '../utils/cycle-fixture';
import { fillSubmissions, moveCycle } from '../utils/fill-submissions';
import { apiRestartScenarios } from './scenarios/api-restart';
import { serviceRestartScenarios } from './scenarios/service-restarts';
import { workerKillScenarios } from './scenarios/worker-kill';
import { FaultStack, type FaultContext } from './setup/fault-stack';

describe('faults', () => {
  let context: FaultContext;
  const get = () => context;

  beforeAll(async () => {
    const stack = await FaultStack.start();
    let seed = 0;
    context = { stack, c: await openProvinceCycle(stack.t), nextSeed: () => ++seed };
    await fillSubmissions(stack.t, context.c.cycleId, context.c.units, 2022);
  }, 300_000);
  afterAll(async () => {
    await context?.stack.stop();
  }, 60_000);

  describe('the API restarted while answers are being saved', () => apiRestartScenarios(get));

  describe('in the scoring phase', () => {
    beforeAll(async () => {
      await moveCycle(context.stack.t, context.c.admin.auth, context.c.cycleId, 'review', 'scoring');
    }, 60_000);

    describe('PostgreSQL and Redis restarted under running jobs', () => serviceRestartScenarios(get));
    describe('a worker killed with SIGKILL in the middle of a write', () => workerKillScenarios(get));
  });
});
