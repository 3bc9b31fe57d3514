/**
 * The key store's two drivers (src/queue/key-store.ts) run the same scripts to the same answers: the upload quota's
 * and the login limits' services, each given the Redis store (the test run's Redis) and then the in-process store,
 * under a prefix of this file's own.
 */
import { randomBytes } from 'node:crypto';
import { LoginThrottleService } from '../src/auth/login-throttle.service';
import { DomainException } from '../src/common/domain.exception';
import { ErrorCode } from '../src/common/error-code';
import { loadConfig } from '../src/config/load-config';
import { MemoryKeyStore } from '../src/queue/in-process/memory-key-store';
import type { KeyStore } from '../src/queue/key-store';
import { RedisKeyStore } from '../src/queue/redis-key-store';
import { UploadQuotaService } from '../src/storage/upload-quota.service';

const base = loadConfig();

/** What a call was refused with: its code and Retry-After, or 'allowed'. */
async function outcome(call: () => Promise<unknown>): Promise<string | [ErrorCode, number]> {
  try {
    await call();
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainException)) throw error;
    return [error.code, Number((error.details as { retryAfterSeconds: number }).retryAfterSeconds)];
  }
}

describe.each([
  ['Redis', () => RedisKeyStore.fromUrl(base.REDIS_URL)],
  ['in-process', () => new MemoryKeyStore()],
])('the key store on %s', (_label, makeStore) => {
  let store: KeyStore;
  const config = Object.assign(Object.create(Object.getPrototypeOf(base)) as typeof base, base, {
    QUEUE_PREFIX: `${base.QUEUE_PREFIX}-keys-${randomBytes(4).toString('hex')}`,
    UPLOAD_RATE_MAX: 3,
    UPLOAD_RATE_WINDOW_SECONDS: 60,
    UPLOAD_QUOTA_BYTES: 1000,
    UPLOAD_QUOTA_WINDOW_SECONDS: 120,
    UPLOAD_MAX_BYTES: 400,
    LOGIN_MAX_FAILURES: 3,
    LOGIN_FAILURE_WINDOW_SECONDS: 900,
    LOGIN_ADDRESS_MAX_FAILURES: 2,
    LOGIN_ADDRESS_WINDOW_SECONDS: 600,
  });

  beforeAll(async () => {
    store = makeStore();
    if (store instanceof RedisKeyStore) await store.connect();
  });
  afterAll(async () => {
    await store.deleteStartingWith(`${config.QUEUE_PREFIX}:`);
    if (store instanceof RedisKeyStore) await store.close();
  });

  it("reserves uploads' bytes, gives back what was not used, and refuses past the quota, then past the rate, with the window's seconds left", async () => {
    const quota = new UploadQuotaService(store, config);
    const who = { userId: null, label: 'test' };
    expect(await quota.admit(who, 300)).toEqual({ reservedBytes: 300 });
    // No declared length: the largest file, at most what is left.
    const undeclared = await quota.admit(who, null);
    expect(undeclared).toEqual({ reservedBytes: 400 });
    await quota.settle(who, undeclared, 100);
    // 1000 - 300 - 100 = 600 left: 700 is refused, with the quota's window.
    const [code, retryAfter] = (await outcome(() => quota.admit(who, 700))) as [ErrorCode, number];
    expect(code).toBe(ErrorCode.UploadQuotaExceeded);
    expect(retryAfter).toBeGreaterThan(100);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // The fourth upload within the rate's window.
    const [rateCode, rateRetry] = (await outcome(() => quota.admit(who, 1))) as [ErrorCode, number];
    expect(rateCode).toBe(ErrorCode.UploadRateLimited);
    expect(rateRetry).toBeLessThanOrEqual(60);
    expect((await quota.quotaExceededFor(who)).code).toBe(ErrorCode.UploadQuotaExceeded);
  });

  it('counts failed logins per account and address, clears them on success, and holds a place per attempt from an address', async () => {
    const throttle = new LoginThrottleService(store, config);
    const [email, ip] = ['Thu.Nghiem@dti.local', '192.0.2.44'];
    for (let n = 0; n < 3; n++) await throttle.recordFailure(email, ip);
    const [code, retryAfter] = (await outcome(() => throttle.assertAllowed(' thu.nghiem@dti.local', ip))) as [ErrorCode, number];
    expect(code).toBe(ErrorCode.TooManyLoginFailures);
    expect(retryAfter).toBeGreaterThan(890);
    expect(await outcome(() => throttle.assertAllowed(email, '192.0.2.45'))).toBe('allowed');
    await throttle.clear(email, ip);
    expect(await outcome(() => throttle.assertAllowed(email, ip))).toBe('allowed');

    await throttle.reserveAddress(ip);
    await throttle.reserveAddress(ip);
    expect((await outcome(() => throttle.reserveAddress(ip)))[0]).toBe(ErrorCode.TooManyLoginFailures);
    // Given back (a success, or the refused attempt itself): a place again.
    await throttle.releaseAddress(ip);
    await throttle.releaseAddress(ip);
    expect(await outcome(() => throttle.reserveAddress(ip))).toBe('allowed');
  });

  it('keeps a flag for its seconds, and forgets what was deleted', async () => {
    const key = `${config.QUEUE_PREFIX}:ended-session:abc`;
    expect(await store.has(key)).toBe(false);
    await store.flag(key, 1);
    expect(await store.has(key)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.has(key)).toBe(false);
    await store.flag(key, 60);
    await store.delete(key);
    expect(await store.has(key)).toBe(false);
    await store.ping(1000);
  });
});
