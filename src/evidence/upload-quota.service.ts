import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { Actor } from '../common/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from '../queue/redis.provider';

/** What a user may still send in this upload: the bytes left of the quota's window. */
export interface UploadAllowance {
  readonly remainingBytes: number;
}

/**
 * A per-user rate and quota of uploads, in Redis so that every API process counts together (as the login
 * throttle): at most UPLOAD_RATE_MAX uploads per UPLOAD_RATE_WINDOW_SECONDS, and UPLOAD_QUOTA_BYTES per
 * UPLOAD_QUOTA_WINDOW_SECONDS. Fixed windows that start with the first upload (a key with a TTL), so Retry-After is
 * the key's TTL. An upload is admitted on its declared Content-Length before a byte is read, then counted as written.
 */
@Injectable()
export class UploadQuotaService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(kind: 'count' | 'bytes', userId: string): string {
    return `${this.config.QUEUE_PREFIX}:uploads:${kind}:${userId}`;
  }

  /** Counts this upload against the rate and checks its declared size against the quota; 429 with Retry-After if not. */
  async admit(actor: Actor, declaredBytes: number | null): Promise<UploadAllowance> {
    const userId = actor.userId ?? `system:${actor.label}`;
    const countKey = this.key('count', userId);
    const bytesKey = this.key('bytes', userId);
    const replies = await this.redis
      .multi()
      .incr(countKey)
      .expire(countKey, this.config.UPLOAD_RATE_WINDOW_SECONDS, 'NX')
      .ttl(countKey)
      .get(bytesKey)
      .ttl(bytesKey)
      .exec();
    const value = (i: number): number => Number(replies?.[i]?.[1] ?? 0);
    const [count, countTtl, used, bytesTtl] = [value(0), value(2), value(3), value(4)];
    if (count > this.config.UPLOAD_RATE_MAX) {
      throw refusal(
        ErrorCode.UploadRateLimited,
        `more than ${this.config.UPLOAD_RATE_MAX} uploads within ${this.config.UPLOAD_RATE_WINDOW_SECONDS} s`,
        countTtl,
      );
    }
    const remainingBytes = Math.max(0, this.config.UPLOAD_QUOTA_BYTES - used);
    if (remainingBytes === 0 || (declaredBytes !== null && declaredBytes > remainingBytes)) {
      throw this.quotaExceeded(bytesTtl);
    }
    return { remainingBytes };
  }

  /** Adds the bytes an upload wrote (or was refused after writing) to the user's quota window. */
  async record(actor: Actor, bytes: number): Promise<void> {
    if (bytes <= 0) return;
    const bytesKey = this.key('bytes', actor.userId ?? `system:${actor.label}`);
    await this.redis.multi().incrby(bytesKey, bytes).expire(bytesKey, this.config.UPLOAD_QUOTA_WINDOW_SECONDS, 'NX').exec();
  }

  /** The refusal of an upload that would go past the quota (also thrown while its bytes arrive). */
  async quotaExceededFor(actor: Actor): Promise<DomainException> {
    return this.quotaExceeded(await this.redis.ttl(this.key('bytes', actor.userId ?? `system:${actor.label}`)));
  }

  private quotaExceeded(ttl: number): DomainException {
    const mb = Math.round(this.config.UPLOAD_QUOTA_BYTES / 1048576);
    return refusal(ErrorCode.UploadQuotaExceeded, `more than ${mb} MB uploaded within ${this.config.UPLOAD_QUOTA_WINDOW_SECONDS} s`, ttl);
  }
}

function refusal(code: ErrorCode, why: string, ttl: number): DomainException {
  // A key without a TTL yet (-1) or gone (-2) means the window is just ending.
  const retryAfter = Math.max(ttl, 1);
  return new DomainException(code, `${why}; retry in ${retryAfter} s`, { retryAfterSeconds: retryAfter }, { 'Retry-After': String(retryAfter) });
}
