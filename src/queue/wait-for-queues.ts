import type { INestApplicationContext } from '@nestjs/common';
import { QUEUE_NAMES } from './queue-name';
import { queuePortToken, type QueuePort } from './queue-port';

/**
 * Resolves when none of the queues has a waiting, delayed, active or prioritised job left, e.g. in a test after
 * asking for work, or in the demo before reading results. Polls: BullMQ has no "drained across all workers" event,
 * and the in-process driver answers the same way.
 */
export async function waitForQueuesToDrain(queues: Pick<QueuePort, 'name' | 'pendingCounts'>[], timeoutMs = 60_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(queues.map((queue) => queue.pendingCounts()));
    const pending = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
    if (pending === 0) return;
    if (Date.now() > deadline) {
      const detail = queues.map((q, i) => `${q.name}: ${JSON.stringify(counts[i])}`).join(', ');
      throw new Error(`queues not drained after ${timeoutMs} ms (${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Every queue's port of an application (the API's or the worker's), for waitForQueuesToDrain. */
export const allQueues = (app: INestApplicationContext): QueuePort[] => QUEUE_NAMES.map((name) => app.get<QueuePort>(queuePortToken(name)));
