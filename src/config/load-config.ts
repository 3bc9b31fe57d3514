import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_CONFIG_KEYS, AppConfig, DEVELOPMENT_JWT_SECRET, EMBEDDED, MIN_EXPORT_HEAP_MB, MIN_VERIFY_HEAP_MB } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function readYaml(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
}

/** Environment over config/<NODE_ENV>.yaml over config/default.yaml; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dir = env.CONFIG_DIR ?? join(process.cwd(), 'config');
  const defaults = readYaml(join(dir, 'default.yaml'));
  const nodeEnv = env.NODE_ENV ?? String(defaults.NODE_ENV ?? 'development');
  const merged: Record<string, unknown> = { ...defaults, ...readYaml(join(dir, `${nodeEnv}.yaml`)), NODE_ENV: nodeEnv };
  for (const key of APP_CONFIG_KEYS) {
    if (env[key] !== undefined) merged[key] = env[key];
  }
  const config = plainToInstance(AppConfig, merged);
  const problems = validateSync(config, { forbidUnknownValues: false, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    problems.push('JWT_SECRET: the development secret is refused in production; set JWT_SECRET in the environment');
  }
  if (config.NODE_ENV === 'production' && config.PASSWORD_HASH_MEMORY_KIB < 19_456) {
    problems.push('PASSWORD_HASH_MEMORY_KIB: at least 19456 (OWASP\'s argon2id floor) in production');
  }
  if (config.NODE_ENV === 'production' && !config.PUBLIC_ORIGIN) {
    problems.push(
      "PUBLIC_ORIGIN: required in production (the site's origin as browsers see it, e.g. https://dti.example.gov.vn): " +
        "behind a TLS proxy the request's own protocol is http and every form would be refused as cross-site",
    );
  }
  if (config.NODE_ENV === 'production' && !config.ALLOW_EMBEDDED) {
    for (const key of ['DATABASE_URL', 'REDIS_URL'] as const) {
      if (config[key] !== EMBEDDED) continue;
      problems.push(
        `${key}: "embedded" is refused in production: it keeps ${key === 'DATABASE_URL' ? 'the database' : 'the queues and login limits'} ` +
          `in one process, lost or locked with it; set ${key} to the server's URL, or ALLOW_EMBEDDED=true to run so knowingly`,
      );
    }
  }
  if (typeof config.TRUST_PROXY === 'string' && /(^|,)\s*[0-9A-Fa-f.:]+\/0\s*(,|$)/.test(config.TRUST_PROXY)) {
    problems.push('TRUST_PROXY: a /0 range trusts every peer, so any client could name its own address; list the proxies');
  }
  if (config.EXPORT_HEAP_MB > 0 && config.EXPORT_HEAP_MB < MIN_EXPORT_HEAP_MB) {
    problems.push(`EXPORT_HEAP_MB: 0 (in the worker) or at least ${MIN_EXPORT_HEAP_MB}; less cannot hold a workbook's data`);
  }
  if (config.VERIFY_HEAP_MB > 0 && config.VERIFY_HEAP_MB < MIN_VERIFY_HEAP_MB) {
    problems.push(`VERIFY_HEAP_MB: 0 (in the asking process) or at least ${MIN_VERIFY_HEAP_MB}; less cannot hold a verify's working state`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
