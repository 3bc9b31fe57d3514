import Redis from 'ioredis';
import type { KeyScript, KeyStore } from './key-store';

/** The key store on Redis: the app's own client (queues keep their own connections). */
export class RedisKeyStore implements KeyStore {
  readonly kind = 'redis';

  constructor(readonly redis: Redis) {}

  /** Fails fast instead of queueing commands forever while Redis is down, so /health can answer 503. */
  static fromUrl(url: string): RedisKeyStore {
    return new RedisKeyStore(new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }));
  }

  /**
   * Connects at start: with lazyConnect and no offline queue, the first command of a client that was never
   * connected fails at once (the first login after a start answered 500). A Redis that is down does not stop the
   * start: the client keeps reconnecting, and /health says 503 meanwhile.
   */
  async connect(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }

  async run<R>(script: KeyScript<R>, keys: string[], args: (string | number)[] = []): Promise<R> {
    return (await this.redis.eval(script.lua, keys.length, ...keys, ...args)) as R;
  }

  async flag(key: string, seconds: number): Promise<void> {
    await this.redis.set(key, '1', 'EX', seconds);
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async deleteStartingWith(prefix: string): Promise<void> {
    const keys = await this.redis.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`);
    if (keys.length) await this.redis.del(...keys);
  }

  async ping(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([this.redis.ping(), timeout]).finally(() => clearTimeout(timer));
  }
}
