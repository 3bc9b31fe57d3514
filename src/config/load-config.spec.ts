import { DEVELOPMENT_JWT_SECRET } from './app-config';
import { ConfigError, loadConfig } from './load-config';

/** A production deployment's servers (the defaults are the embedded drivers, refused there). */
const SERVERS = { DATABASE_URL: 'postgres://dti@db:5432/dti', REDIS_URL: 'redis://redis:6379/0' };
const env = (overrides: Record<string, string>) => ({ NODE_ENV: 'development', ...overrides });

function problemsOf(overrides: Record<string, string>): string[] {
  try {
    loadConfig(env(overrides));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults with nothing running: the embedded PostgreSQL and queues, its data in data/pg', () => {
    const config = loadConfig(env({}));
    expect(config.DATABASE_URL).toBe('embedded');
    expect(config.REDIS_URL).toBe('embedded');
    expect(config.EMBEDDED_DATA_DIR).toBe('data/pg');
    expect(config.PORT).toBe(3000);
  });

  it('takes the environment over the files, converting numbers', () => {
    const config = loadConfig(env({ PORT: '8080', DATABASE_URL: 'postgresql://u:p@db:5433/dti_x' }));
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgresql://u:p@db:5433/dti_x');
  });

  it('takes DATABASE_URL=embedded, its data in EMBEDDED_DATA_DIR (data/pg unless set), and refuses an empty folder', () => {
    expect(loadConfig(env({ DATABASE_URL: 'embedded' }))).toMatchObject({ DATABASE_URL: 'embedded', EMBEDDED_DATA_DIR: 'data/pg' });
    expect(loadConfig(env({ DATABASE_URL: 'embedded', EMBEDDED_DATA_DIR: '/srv/dti/pg' })).EMBEDDED_DATA_DIR).toBe('/srv/dti/pg');
    expect(problemsOf({ DATABASE_URL: 'embedded', EMBEDDED_DATA_DIR: '' })).toEqual(['EMBEDDED_DATA_DIR should not be empty']);
    expect(problemsOf({ DATABASE_URL: 'embedded-pg' })[0]).toMatch(/^DATABASE_URL must be a postgres:.* or "embedded"$/);
  });

  it('overlays config/<NODE_ENV>.yaml', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).DATABASE_URL).toMatch(/\/dti_test$/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/dti'],
    ['DATABASE_URL', 'postgres://localhost'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['JWT_SECRET', 'short'],
    ['UPLOAD_MAX_BYTES', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
  ])('refuses %s=%s, naming the setting', (key, value) => {
    const problems = problemsOf({ [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${key}`));
  });

  it('takes REDIS_URL=embedded, or empty, as the in-process queues and key store; a Redis URL as BullMQ', () => {
    expect(loadConfig(env({ REDIS_URL: 'embedded' }))).toMatchObject({ REDIS_URL: 'embedded', queueDriver: 'in-process' });
    expect(loadConfig(env({ REDIS_URL: '' }))).toMatchObject({ REDIS_URL: 'embedded', queueDriver: 'in-process' });
    expect(loadConfig(env({})).queueDriver).toBe('in-process');
    expect(loadConfig(env({ REDIS_URL: 'redis://127.0.0.1:6379/0' })).queueDriver).toBe('bullmq');
    expect(problemsOf({ REDIS_URL: 'memory' })[0]).toMatch(/^REDIS_URL must be a redis:.* or "embedded"$/);
  });

  it('refuses the embedded drivers in production, each by name, unless ALLOW_EMBEDDED=true', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PUBLIC_ORIGIN: 'https://dti.example.gov.vn', ...SERVERS };
    // The defaults are the embedded drivers: production must name its servers.
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PUBLIC_ORIGIN: 'https://dti.example.gov.vn' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: "embedded" is refused in production/),
      expect.stringMatching(/^REDIS_URL: "embedded" is refused in production/),
    ]);
    expect(problemsOf({ ...production, DATABASE_URL: 'embedded', REDIS_URL: 'embedded' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: "embedded" is refused in production: .*ALLOW_EMBEDDED=true/),
      expect.stringMatching(/^REDIS_URL: "embedded" is refused in production: .*ALLOW_EMBEDDED=true/),
    ]);
    expect(problemsOf({ ...production, REDIS_URL: '' })).toEqual([expect.stringMatching(/^REDIS_URL: "embedded" is refused in production/)]);
    expect(problemsOf({ ...production, DATABASE_URL: 'embedded', REDIS_URL: 'embedded', ALLOW_EMBEDDED: 'true' })).toEqual([]);
    // Elsewhere they need no permission.
    expect(problemsOf({ DATABASE_URL: 'embedded', REDIS_URL: 'embedded' })).toEqual([]);
    expect(problemsOf({ ALLOW_EMBEDDED: 'perhaps' })).toEqual(['ALLOW_EMBEDDED must be a boolean value']);
  });

  it('reports every bad setting at once', () => {
    const problems = problemsOf({ DATABASE_URL: 'nope', REDIS_URL: 'nope', PORT: 'x' });
    expect(problems.map((p) => p.split(' ')[0].replace(':', ''))).toEqual(['PORT', 'DATABASE_URL', 'REDIS_URL']);
  });

  it('refuses the development JWT secret in production, and takes a real one', () => {
    expect(problemsOf({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://dti.example.gov.vn', ...SERVERS })).toEqual([
      expect.stringMatching(/^JWT_SECRET: the development secret is refused in production/),
    ]);
    expect(DEVELOPMENT_JWT_SECRET).toBe(loadConfig(env({})).JWT_SECRET);
    const site = { PUBLIC_ORIGIN: 'https://dti.example.gov.vn', ...SERVERS };
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...site })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...site, PASSWORD_HASH_MEMORY_KIB: '4096' })).toEqual([
      expect.stringMatching(/^PASSWORD_HASH_MEMORY_KIB: at least 19456/),
    ]);
  });

  it("needs the site's origin in production, where a TLS proxy makes the request's own protocol differ from the browser's", () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...SERVERS })).toEqual([expect.stringMatching(/^PUBLIC_ORIGIN: required in production/)]);
    expect(problemsOf({ PUBLIC_ORIGIN: '' })).toEqual([]);
  });

  it('refuses a trusted proxy range of /0, which would let any client name its own address', () => {
    expect(problemsOf({ TRUST_PROXY: '0.0.0.0/0' })).toEqual([expect.stringMatching(/^TRUST_PROXY: a \/0 range/)]);
    expect(problemsOf({ TRUST_PROXY: 'loopback, ::/0' })).toEqual([expect.stringMatching(/^TRUST_PROXY: a \/0 range/)]);
    expect(problemsOf({ TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toEqual([]);
  });

  it('takes an export heap of 0 (in the worker) or of at least 96 MB, and refuses one between', () => {
    expect(loadConfig(env({})).EXPORT_HEAP_MB).toBe(192);
    expect(problemsOf({ EXPORT_HEAP_MB: '0' })).toEqual([]);
    expect(problemsOf({ EXPORT_HEAP_MB: '96' })).toEqual([]);
    expect(problemsOf({ EXPORT_HEAP_MB: '50' })).toEqual([expect.stringMatching(/^EXPORT_HEAP_MB: 0 \(in the worker\) or at least 96/)]);
    expect(problemsOf({ EXPORT_HEAP_MB: '-1' })).toEqual([expect.stringMatching(/^EXPORT_HEAP_MB must not be less than 0/)]);
  });

  it('takes a verify heap of 0 (in the asking process) or of at least 96 MB, and refuses one between', () => {
    expect(loadConfig(env({})).VERIFY_HEAP_MB).toBe(192);
    expect(problemsOf({ VERIFY_HEAP_MB: '0' })).toEqual([]);
    expect(problemsOf({ VERIFY_HEAP_MB: '96' })).toEqual([]);
    expect(problemsOf({ VERIFY_HEAP_MB: '95' })).toEqual([expect.stringMatching(/^VERIFY_HEAP_MB: 0 \(in the asking process\) or at least 96/)]);
    expect(problemsOf({ VERIFY_HEAP_MB: '-1' })).toEqual([expect.stringMatching(/^VERIFY_HEAP_MB must not be less than 0/)]);
  });

  it('has a publish request wait 25 s for its job unless told otherwise, from 0 (always 202) to 10 minutes', () => {
    expect(loadConfig(env({})).PUBLISH_WAIT_MS).toBe(25_000);
    expect(loadConfig(env({ PUBLISH_WAIT_MS: '0' })).PUBLISH_WAIT_MS).toBe(0);
    expect(problemsOf({ PUBLISH_WAIT_MS: '-1' })).toEqual([expect.stringMatching(/^PUBLISH_WAIT_MS must not be less than 0/)]);
    expect(problemsOf({ PUBLISH_WAIT_MS: '600001' })).toEqual([expect.stringMatching(/^PUBLISH_WAIT_MS must not be greater than 600000/)]);
  });

  it('locks a scoring job for 30 s unless told otherwise, and never for less than 5 s', () => {
    expect(loadConfig(env({})).SCORING_LOCK_MS).toBe(30_000);
    expect(loadConfig(env({ SCORING_LOCK_MS: '8000' })).SCORING_LOCK_MS).toBe(8000);
    expect(problemsOf({ SCORING_LOCK_MS: '5000' })).toEqual([]);
    expect(problemsOf({ SCORING_LOCK_MS: '4999' })).toEqual([expect.stringMatching(/^SCORING_LOCK_MS must not be less than 5000/)]);
    expect(problemsOf({ SCORING_LOCK_MS: '30s' })).toEqual([expect.stringMatching(/^SCORING_LOCK_MS /)]);
  });
});
