import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { InjectRedis } from '../queue/redis.provider';
import { clientAddressKey } from './client-address';

const RELEASE_SCRIPT = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0`;

const refusal = (message: string, retryAfter: number, scope: 'account' | 'address') =>
  DomainException.retryLater(ErrorCode.TooManyLoginFailures, message, retryAfter, { scope });

/**
 * Counts failed logins in Redis, shared by every API process, two ways:
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
    @InjectRedis() private readonly redis: Redis,
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
    const [failures, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(failures ?? 0) >= this.config.LOGIN_MAX_FAILURES) {
      throw refusal('too many failed logins for this account from this address', Math.max(ttl, 1), 'account');
    }
  }

  /**
   * Counts this attempt against its address before the password is checked, or refuses it (429) when the address
   * has used up its failures. The caller gives the place back with releaseAddress unless the attempt failed.
   */
  async reserveAddress(ip: string): Promise<void> {
    const key = this.addressKey(ip);
    const replies = await this.redis.multi().incr(key).expire(key, this.config.LOGIN_ADDRESS_WINDOW_SECONDS, 'NX').ttl(key).exec();
    const attempts = Number(replies?.[0]?.[1] ?? 0);
    if (attempts > this.config.LOGIN_ADDRESS_MAX_FAILURES) {
      const ttl = Number(replies?.[2]?.[1] ?? this.config.LOGIN_ADDRESS_WINDOW_SECONDS);
      throw refusal('too many failed logins from this address', Math.max(ttl, 1), 'address');
    }
  }

  /**
   * Gives back an attempt's place: it succeeded, or it was refused before its password was checked. Only while the
   * count lives: a DECR of an expired key would create one without expiry, a credit of attempts for good.
   */
  async releaseAddress(ip: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.addressKey(ip));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    await this.redis.multi().incr(key).expire(key, this.config.LOGIN_FAILURE_WINDOW_SECONDS, 'NX').exec();
  }

  async clear(email: string, ip: string): Promise<void> {
    await this.redis.del(this.key(email, ip));
  }
}
