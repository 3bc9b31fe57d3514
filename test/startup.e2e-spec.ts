import { createApp } from '../src/bootstrap';
import { ConfigError } from '../src/config/load-config';
import { startTestApp } from './utils/test-app';

/** Runs fn with some settings changed in the environment, restoring them after. */
async function withEnv<T>(overrides: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(overrides).map((k) => [k, process.env[k]]));
  Object.assign(process.env, overrides);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('start-up and health', () => {
  it('refuses to start with a malformed DATABASE_URL, naming it', async () => {
    await withEnv({ DATABASE_URL: 'postgres//127.0.0.1/dti_test' }, async () => {
      const attempt = createApp();
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(/DATABASE_URL must be a postgres:\/\//);
    });
  });

  it('answers /health 503 naming Redis when Redis is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    await withEnv({ REDIS_URL: 'redis://127.0.0.1:1/0' }, async () => {
      const t = await startTestApp();
      try {
        const res = await t.http.get('/health').expect(503);
        expect(res.body.error).toBe('SERVICE_UNAVAILABLE');
        expect(res.body.details.error.redis.status).toBe('down');
        expect(res.body.details.info.postgres.status).toBe('up');
      } finally {
        await t.close();
      }
    });
  });

  it('answers /health 200 when both answer', async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/health').expect(200);
    } finally {
      await t.close();
    }
  });

  it('serves the OpenAPI document', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http.get('/api/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units', '/api/v1/users', '/api/v1/audit', '/health']),
      );
    } finally {
      await t.close();
    }
  });
});
