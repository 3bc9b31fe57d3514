import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Features depend on the queue port, never on a driver: only the drivers (and the queue module that wires them)
 * import BullMQ or a Redis client. The benchmark, which empties BullMQ's queues on the real services, is the one
 * tool allowed beside them.
 */
const DRIVER_FILES = new Set([
  'src/queue/bullmq/bullmq-driver.ts',
  'src/queue/bullmq/bullmq-queue.ts',
  'src/queue/redis-key-store.ts',
  'src/queue/queue.module.ts',
  'src/queue/unrecoverable-error.ts',
  'src/bench/bench-fixture.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the queue drivers', () => {
  it('are the only code importing bullmq, @nestjs/bullmq or ioredis', () => {
    const root = join(__dirname, '..', '..');
    const importers = sources(join(root, 'src'))
      .filter((file) => /from '(bullmq|@nestjs\/bullmq|ioredis)'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file).split('\\').join('/'));
    expect(importers.filter((file) => !DRIVER_FILES.has(file))).toEqual([]);
  });
});
