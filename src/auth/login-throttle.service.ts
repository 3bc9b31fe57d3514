import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { InjectRedis } from '../queue/redis.provider';

/**
 * Counts failed logins per e-mail and client address in Redis, shared by every API process. After
 * LOGIN_MAX_FAILURES within the window, that pair is refused (429, Retry-After) until the window passes; a
 * success clears the count. Counting failures, not requests, is why @nestjs/throttler is not used here.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(email: string, ip: string): string {
    return `${this.config.QUEUE_PREFIX}:login-failures:${email.trim().toLowerCase()}:${ip}`;
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    const [failures, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(failures ?? 0) >= this.config.LOGIN_MAX_FAILURES) {
      const retryAfter = Math.max(ttl, 1);
      throw new DomainException(
        ErrorCode.TooManyLoginFailures,
        `too many failed logins for this account from this address; retry in ${retryAfter} s`,
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    await this.redis.multi().incr(key).expire(key, this.config.LOGIN_FAILURE_WINDOW_SECONDS, 'NX').exec();
  }

  async clear(email: string, ip: string): Promise<void> {
    await this.redis.del(this.key(email, ip));
  }
}
