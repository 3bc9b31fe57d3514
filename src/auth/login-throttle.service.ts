import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { InjectKeyStore, type KeyScript, type KeyStore } from '../queue/key-store';
import { clientAddressKey } from './client-address';

const RELEASE: KeyScript<number> = {
  lua: `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0`,
  local: (keys, [key]) => (keys.exists(key) ? keys.incrBy(key, -1) : 0),
};

/** A count and the seconds left of its window: {count, ttl}. */
const COUNT: KeyScript<[number, number]> = {
  lua: `return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('TTL', KEYS[1])}`,
  local: (keys, [key]) => [Number(keys.get(key) ?? 0), keys.ttl(key)],
};

/** One more in a count whose window (ARGV[1] s) starts with its first: {count, ttl}. */
const COUNT_ONE: KeyScript<[number, number]> = {
  lua: `local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX') return {n, redis.call('TTL', KEYS[1])}`,
  local: (keys, [key], [window]) => {
    const n = keys.incrBy(key, 1);
    keys.expireNx(key, Number(window));
    return [n, keys.ttl(key)];
  },
};

const refusal = (message: string, retryAfter: number, scope: 'account' | 'address') =>
  DomainException.retryLater(ErrorCode.TooManyLoginFailures, message, retryAfter, { scope });

/**
 * Counts failed logins in the key store (Redis, shared by every API process; or this process's memory), two ways:
 * - per e-mail and client address: after LOGIN_MAX_FAILURES within the window, that pair is refused (429,
 *   Retry-After) until the window passes; a success clears the count;
 * - per client address across all accounts (password spraying: one password tried on many accounts): after
 *   LOGIN_ADDRESS_MAX_FAILURES within LOGIN_ADDRESS_WINDOW_SECONDS the address is refused, whatever the account. Each
 *   attempt takes a place in that count before its password is checked (reserveAddress) and gives it back on
 *   success, so parallel attempts cannot all pass the check before any is counted; a success does not clear the
 *   address's failures, or one known password would reset the count for the rest.
 * Counting failures, not requests, is why @nestjs/throttler is not used here.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectKeyStore() private readonly keys: KeyStore,
    private readonly config: AppConfig,
  ) {}

  private key(email: string, ip: string): string {
    // By the same address key as the per-address count (an IPv6 /64), or a client could rotate within its range.
    return `${this.config.QUEUE_PREFIX}:login-failures:${email.trim().toLowerCase()}:${clientAddressKey(ip)}`;
  }

  private addressKey(ip: string): string {
    return `${this.config.QUEUE_PREFIX}:login-address-failures:${clientAddressKey(ip)}`;
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    const [failures, ttl] = await this.keys.run(COUNT, [key]);
    if (failures >= this.config.LOGIN_MAX_FAILURES) {
      throw refusal('too many failed logins for this account from this address', Math.max(ttl, 1), 'account');
    }
  }

  /**
   * Counts this attempt against its address before the password is checked, or refuses it (429) when the address
   * has used up its failures. The caller gives the place back with releaseAddress unless the attempt failed.
   */
  async reserveAddress(ip: string): Promise<void> {
    const key = this.addressKey(ip);
    const [attempts, ttl] = await this.keys.run(COUNT_ONE, [key], [this.config.LOGIN_ADDRESS_WINDOW_SECONDS]);
    if (attempts > this.config.LOGIN_ADDRESS_MAX_FAILURES) {
      throw refusal('too many failed logins from this address', Math.max(ttl, 1), 'address');
    }
  }

  /**
   * Gives back an attempt's place: it succeeded, or it was refused before its password was checked. Only while the
   * count lives: a DECR of an expired key would create one without expiry, a credit of attempts for good.
   */
  async releaseAddress(ip: string): Promise<void> {
    await this.keys.run(RELEASE, [this.addressKey(ip)]);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    await this.keys.run(COUNT_ONE, [key], [this.config.LOGIN_FAILURE_WINDOW_SECONDS]);
  }

  async clear(email: string, ip: string): Promise<void> {
    await this.keys.delete(this.key(email, ip));
  }
}
