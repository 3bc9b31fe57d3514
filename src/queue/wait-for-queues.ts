import type { Queue } from 'bullmq';

/**
 * Resolves when none of the queues has a waiting, delayed, active or prioritised job left, e.g. in a test after
 * asking for work, or in the demo before reading results. Polls: BullMQ has no "drained across all workers" event.
 */
export async function waitForQueuesToDrain(queues: Queue[], timeoutMs = 60_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      queues.map((q) => q.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children')),
    );
    const pending = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
    if (pending === 0) return;
    if (Date.now() > deadline) {
      const detail = queues.map((q, i) => `${q.name}: ${JSON.stringify(counts[i])}`).join(', ');
      throw new Error(`queues not drained after ${timeoutMs} ms (${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
