import { Inject } from '@nestjs/common';

/**
 * Keys with a time to live, kept where the queues are (Redis, or this process's memory with REDIS_URL=embedded):
 * login failure counts, ended sessions, upload quotas. A feature that needs several keys changed at once writes a
 * KeyScript: its Lua for Redis and the same steps over MemoryKeys for the in-process store, so one service runs on
 * both and the two are tested with the same spec.
 */
export interface KeyStore {
  readonly kind: 'redis' | 'in-process';
  /** Runs a script atomically: on Redis by EVAL, in process in one turn of the event loop. */
  run<R>(script: KeyScript<R>, keys: string[], args?: (string | number)[]): Promise<R>;
  /** Sets a key to "1" for `seconds`. */
  flag(key: string, seconds: number): Promise<void>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Removes every key starting with `prefix` (a test's clean state). */
  deleteStartingWith(prefix: string): Promise<void>;
  /** Answers, or rejects within `timeoutMs` (health). */
  ping(timeoutMs: number): Promise<void>;
}

/** A script's two bodies; `local` must do what `lua` does, returning what Redis would (integers, arrays of them). */
export interface KeyScript<R> {
  readonly lua: string;
  local(keys: MemoryKeys, k: string[], args: (string | number)[]): R;
}

/** The Redis commands a local script may use, synchronous, with Redis's answers (ttl: -2 no key, -1 no expiry). */
export interface MemoryKeys {
  get(key: string): string | null;
  exists(key: string): boolean;
  incrBy(key: string, by: number): number;
  /** EXPIRE key seconds NX: sets the expiry of a key that has none. */
  expireNx(key: string, seconds: number): void;
  ttl(key: string): number;
  del(key: string): void;
}

export const KEY_STORE = Symbol('KEY_STORE');
export const InjectKeyStore = () => Inject(KEY_STORE);
