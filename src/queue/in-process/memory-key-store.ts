import type { KeyScript, KeyStore, MemoryKeys } from '../key-store';

interface Entry {
  value: string;
  /** Epoch ms; undefined: no expiry. */
  expiresAt?: number;
}

/** Redis's few commands over a Map, expiring keys as they are read. */
class MapKeys implements MemoryKeys {
  readonly entries = new Map<string, Entry>();

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  get(key: string): string | null {
    return this.live(key)?.value ?? null;
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  incrBy(key: string, by: number): number {
    const entry = this.live(key);
    const value = Number(entry?.value ?? 0) + by;
    this.entries.set(key, { value: String(value), expiresAt: entry?.expiresAt });
    return value;
  }

  expireNx(key: string, seconds: number): void {
    const entry = this.live(key);
    if (entry && entry.expiresAt === undefined) entry.expiresAt = Date.now() + seconds * 1000;
  }

  ttl(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.ceil((entry.expiresAt - Date.now()) / 1000));
  }

  set(key: string, value: string, seconds: number): void {
    this.entries.set(key, { value, expiresAt: Date.now() + seconds * 1000 });
  }

  del(key: string): void {
    this.entries.delete(key);
  }
}

/** One per process, as one Redis is shared: the API's and the worker's applications see the same keys. */
const KEYS = new MapKeys();

/**
 * The in-process key store (REDIS_URL=embedded): a script runs in one turn of the event loop, so it is as atomic as
 * on Redis. Keys live as long as the process; expired ones are dropped when read and swept now and then.
 */
export class MemoryKeyStore implements KeyStore {
  readonly kind = 'in-process';

  constructor() {
    sweeper ??= setInterval(() => {
      for (const key of [...KEYS.entries.keys()]) KEYS.exists(key);
    }, 60_000).unref();
  }

  async run<R>(script: KeyScript<R>, keys: string[], args: (string | number)[] = []): Promise<R> {
    return script.local(KEYS, keys, args);
  }

  async flag(key: string, seconds: number): Promise<void> {
    KEYS.set(key, '1', seconds);
  }

  async has(key: string): Promise<boolean> {
    return KEYS.exists(key);
  }

  async delete(key: string): Promise<void> {
    KEYS.del(key);
  }

  async deleteStartingWith(prefix: string): Promise<void> {
    for (const key of [...KEYS.entries.keys()]) if (key.startsWith(prefix)) KEYS.del(key);
  }

  async ping(): Promise<void> {}
}

let sweeper: NodeJS.Timeout | undefined;
