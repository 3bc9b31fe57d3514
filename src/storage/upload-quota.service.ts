import { Injectable } from '@nestjs/common';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { InjectKeyStore, type KeyScript, type KeyStore } from '../queue/key-store';

/** What the quota reserved for this upload: the most it may write (what it did not use is given back on settle). */
export interface UploadAllowance {
  readonly reservedBytes: number;
}

/**
 * Counts the upload against the rate and reserves its bytes in one step, so that uploads started together cannot all
 * see the same bytes used. KEYS: the count and bytes keys. ARGV: rate max, rate window, quota, quota window, the
 * declared length (-1 if none), the largest file. Answers {0, reserved}, or {1, ttl} past the rate, {2, ttl} past the quota.
 */
const ADMIT: KeyScript<[number, number]> = {
  lua: `
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2], 'NX')
if count > tonumber(ARGV[1]) then return {1, redis.call('TTL', KEYS[1])} end
local remaining = tonumber(ARGV[3]) - tonumber(redis.call('GET', KEYS[2]) or '0')
local declared = tonumber(ARGV[5])
if remaining <= 0 or declared > remaining then return {2, redis.call('TTL', KEYS[2])} end
local reserved = remaining
if declared >= 0 then reserved = declared elseif tonumber(ARGV[6]) < remaining then reserved = tonumber(ARGV[6]) end
redis.call('INCRBY', KEYS[2], reserved)
redis.call('EXPIRE', KEYS[2], ARGV[4], 'NX')
return {0, reserved}
`,
  local(keys, [count, bytes], args) {
    const [rateMax, rateWindow, quota, quotaWindow, declared, largest] = args.map(Number);
    const uploads = keys.incrBy(count, 1);
    keys.expireNx(count, rateWindow);
    if (uploads > rateMax) return [1, keys.ttl(count)];
    const remaining = quota - Number(keys.get(bytes) ?? 0);
    if (remaining <= 0 || declared > remaining) return [2, keys.ttl(bytes)];
    const reserved = declared >= 0 ? declared : Math.min(largest, remaining);
    keys.incrBy(bytes, reserved);
    keys.expireNx(bytes, quotaWindow);
    return [0, reserved];
  },
};

/** Gives back what a reservation did not use; not into a window that has ended meanwhile (a key without a TTL). */
const SETTLE: KeyScript<number> = {
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[1]) end
return 0
`,
  local(keys, [bytes], [delta]) {
    if (keys.exists(bytes)) keys.incrBy(bytes, Number(delta));
    return 0;
  },
};

/** The seconds left of a key's window (-2 gone, -1 no expiry). */
const TTL: KeyScript<number> = { lua: `return redis.call('TTL', KEYS[1])`, local: (keys, [key]) => keys.ttl(key) };

/**
 * Who uploads, as far as the quota needs to know (the request's actor; storage knows no more of it): the user, or a
 * system actor by its label.
 */
export interface Uploader {
  readonly userId: string | null;
  readonly label: string;
}

/**
 * A per-user rate and quota of uploads, in the key store (Redis, or this process's memory) so that every API process counts together (as the login
 * throttle): at most UPLOAD_RATE_MAX uploads per UPLOAD_RATE_WINDOW_SECONDS, and UPLOAD_QUOTA_BYTES per
 * UPLOAD_QUOTA_WINDOW_SECONDS. Fixed windows that start with the first upload (a key with a TTL), so Retry-After is
 * the key's TTL. An upload reserves its declared Content-Length (or the largest file, when it declares none) before a
 * byte is read, atomically with the check; settle then counts what it wrote instead.
 */
@Injectable()
export class UploadQuotaService {
  constructor(
    @InjectKeyStore() private readonly keys: KeyStore,
    private readonly config: AppConfig,
  ) {}

  private key(kind: 'count' | 'bytes', actor: Uploader): string {
    return `${this.config.QUEUE_PREFIX}:uploads:${kind}:${actor.userId ?? `system:${actor.label}`}`;
  }

  /** Counts this upload against the rate and reserves its bytes of the quota; 429 with Retry-After if either is spent. */
  async admit(actor: Uploader, declaredBytes: number | null): Promise<UploadAllowance> {
    const c = this.config;
    const [outcome, value] = await this.keys.run(
      ADMIT,
      [this.key('count', actor), this.key('bytes', actor)],
      [c.UPLOAD_RATE_MAX, c.UPLOAD_RATE_WINDOW_SECONDS, c.UPLOAD_QUOTA_BYTES, c.UPLOAD_QUOTA_WINDOW_SECONDS, declaredBytes ?? -1, c.UPLOAD_MAX_BYTES],
    );
    if (outcome === 1) {
      throw refusal(ErrorCode.UploadRateLimited, `more than ${c.UPLOAD_RATE_MAX} uploads within ${c.UPLOAD_RATE_WINDOW_SECONDS} s`, value);
    }
    if (outcome === 2) throw this.quotaExceeded(value);
    return { reservedBytes: value };
  }

  /** Counts the bytes an upload wrote in place of its reservation (at most the reservation; 0 gives it all back). */
  async settle(actor: Uploader, allowance: UploadAllowance, writtenBytes: number): Promise<void> {
    const delta = Math.min(Math.max(writtenBytes, 0), allowance.reservedBytes) - allowance.reservedBytes;
    if (delta !== 0) await this.keys.run(SETTLE, [this.key('bytes', actor)], [delta]);
  }

  /** The refusal of an upload that would go past the quota (also thrown while its bytes arrive). */
  async quotaExceededFor(actor: Uploader): Promise<DomainException> {
    return this.quotaExceeded(await this.keys.run(TTL, [this.key('bytes', actor)]));
  }

  private quotaExceeded(ttl: number): DomainException {
    const mb = Math.round(this.config.UPLOAD_QUOTA_BYTES / 1048576);
    return refusal(ErrorCode.UploadQuotaExceeded, `more than ${mb} MB uploaded within ${this.config.UPLOAD_QUOTA_WINDOW_SECONDS} s`, ttl);
  }
}

function refusal(code: ErrorCode, why: string, ttl: number): DomainException {
  // A key without a TTL yet (-1) or gone (-2) means the window is just ending.
  const retryAfter = Math.max(ttl, 1);
  return DomainException.retryLater(code, why, retryAfter);
}
