/**
 * The removal of a test run's Redis keys (test/setup/queue-keys.ts, called by global-teardown.ts for each of the
 * run's worker prefixes), against the real Redis with throwaway prefixes of this file's own.
 */
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config/load-config';
import { removeKeysUnder } from './setup/queue-keys';

describe('removeKeysUnder', () => {
  let redis: Redis;
  const probe = `keys-probe-${randomBytes(4).toString('hex')}`;
  /** Every key this file writes: all start with `probe`, so none is left whatever the outcome. */
  const leftovers = async () => (await redis.keys(`${probe}*`)).sort();

  beforeAll(() => {
    redis = new Redis(loadConfig().REDIS_URL);
  });
  afterEach(async () => {
    const keys = await redis.keys(`${probe}*`);
    if (keys.length > 0) await redis.unlink(...keys);
  });
  afterAll(() => redis.disconnect());

  it('removes every key under the prefix, of every type, over many batches, and no key outside it', async () => {
    const prefix = `${probe}-w1`;
    const many = 2500;
    const write = redis.pipeline();
    for (let i = 0; i < many; i++) write.set(`${prefix}:scoring:${i}`, 'x');
    write.hset(`${prefix}:scoring:1:data`, 'name', 'score-run');
    write.zadd(`${prefix}:scoring:completed`, 1, 'a');
    write.xadd(`${prefix}:scoring:events`, '*', 'event', 'completed');
    write.lpush(`${prefix}:scoring:wait`, 'b');
    write.set(`${prefix}:login-failures:a@b`, '1');
    // Neighbours that start like the prefix and are not under it: another worker of the run, another run, no colon.
    const others = [`${probe}-w10:scoring:1`, `${probe}-w2:scoring:1`, `${prefix}x:scoring:1`, `${prefix}`, `${probe}:scoring:1`];
    for (const key of others) write.set(key, 'keep');
    await write.exec();

    expect(await removeKeysUnder(redis, prefix, 100)).toBe(many + 5);
    expect(await leftovers()).toEqual([...others].sort());
  });

  it('reads the prefix literally: a glob character in it matches only itself', async () => {
    await redis.mset(`${probe}-[ab]*:q:1`, 'x', `${probe}-a:q:1`, 'keep', `${probe}-[ab]xyz:q:1`, 'keep');
    expect(await removeKeysUnder(redis, `${probe}-[ab]*`)).toBe(1);
    expect(await leftovers()).toEqual([`${probe}-[ab]xyz:q:1`, `${probe}-a:q:1`].sort());
  });

  it('removes nothing, and says so, when nothing is under the prefix', async () => {
    await redis.set(`${probe}-w3:q:1`, 'keep');
    expect(await removeKeysUnder(redis, `${probe}-w4`)).toBe(0);
    expect(await leftovers()).toEqual([`${probe}-w3:q:1`]);
  });
});
