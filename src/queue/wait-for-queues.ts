import type { Queue } from 'bullmq';

/**
 * Resolves when none of the queues has a waiting, delayed, active or prioritised job left, e.g. in a test after
 * asking for work, or in the demo before reading results. Polls: BullMQ has no "drained across all workers" event.
 * A job scheduler's next run waits as a delayed job for as long as the scheduler exists: it is not pending work.
 */
export async function waitForQueuesToDrain(queues: Queue[], timeoutMs = 60_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(queues.map(pendingJobs));
    const pending = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
    if (pending === 0) return;
    if (Date.now() > deadline) {
      const detail = queues.map((q, i) => `${q.name}: ${JSON.stringify(counts[i])}`).join(', ');
      throw new Error(`queues not drained after ${timeoutMs} ms (${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function pendingJobs(queue: Queue): Promise<Record<string, number>> {
  const [counts, schedulers] = await Promise.all([
    queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children'),
    queue.getJobSchedulersCount(),
  ]);
  return { ...counts, delayed: Math.max(0, (counts.delayed ?? 0) - schedulers) };
}
