import type Redis from 'ioredis';

/** Keys asked of Redis, and removed, at a time: no single command blocks Redis for long, whatever the run left. */
const BATCH = 1000;

/** A Redis glob matching `text` itself (SCAN MATCH treats * ? [ ] and \ as pattern characters). */
const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Removes every key under `prefix` (BullMQ's `<prefix>:<queue>:...` and the login throttle's `<prefix>:login-...`),
 * and no other: SCAN with MATCH `<prefix>:*` a batch at a time, each batch UNLINKed (freed in the background). Returns
 * how many keys it removed.
 */
export async function removeKeysUnder(redis: Redis, prefix: string, batch = BATCH): Promise<number> {
  const match = `${globEscape(prefix)}:*`;
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', batch);
    if (keys.length > 0) removed += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return removed;
}
