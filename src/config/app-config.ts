import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const DEVELOPMENT_JWT_SECRET = 'dev-secret-change-me-dev-secret-change-me';

/** Below this an export process cannot hold even a province ranking's data. */
export const MIN_EXPORT_HEAP_MB = 96;

/**
 * Below this even a province-scale score run loses its lock: its synchronous steps take about 2 s each on a loaded
 * machine (score-run.processor.ts), and BullMQ renews a lock only between them, every quarter to half of its length.
 */
export const MIN_SCORING_LOCK_MS = 5000;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toBool = ({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return text === 'true' ? true : text === 'false' ? false : value;
};

/**
 * Every setting of the platform, validated once at start. A key comes from the environment, else from
 * config/<NODE_ENV>.yaml, else from config/default.yaml.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production';

  @IsString()
  @IsNotEmpty()
  HOST: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number;

  @Matches(/^postgres(ql)?:\/\/[^\s/]+\/[A-Za-z0-9_-]+(\?\S*)?$/, {
    message: 'DATABASE_URL must be a postgres://[user[:password]@]host[:port]/database URL',
  })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\/[^\s/]+(\/\d{1,2})?$/, {
    message: 'REDIS_URL must be a redis://[user:password@]host[:port][/db] URL',
  })
  REDIS_URL: string;

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, "_" or "-"' })
  QUEUE_PREFIX: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS: number;

  /** argon2id memory cost in KiB (OWASP's floor is 19456; the default 65536). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  PASSWORD_HASH_MEMORY_KIB: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  PASSWORD_HASH_ITERATIONS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number;

  @IsString()
  @IsNotEmpty()
  UPLOAD_DIR: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES: number;

  @IsString()
  @IsNotEmpty()
  OUT_DIR: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string;

  /**
   * The old-space limit (MB) of the process of its own in which the worker writes each export workbook (node
   * --max-old-space-size): a commune-scale workbook then stays within a known memory, whatever else the worker
   * does. 0 writes it in the worker process itself (the tests, which run TypeScript sources, do).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16384)
  EXPORT_HEAP_MB: number;

  /**
   * How long a scoring job's lock lasts (BullMQ lockDuration, ms): the job of a worker that died goes to another
   * worker only once its lock has expired. 30 s in production: scoring and hashing are synchronous and block
   * the event loop, and so the lock's renewal, for seconds at commune scale (up to ~9 s a step for 10,000 units on a
   * loaded machine in the benchmark); a shorter lock was lost there and the job ran twice. The worker-process tests
   * set a few seconds, for province-scale runs, so as not to wait 30 s for a killed worker's job.
   */
  @Transform(toInt)
  @IsInt()
  @Min(MIN_SCORING_LOCK_MS)
  SCORING_LOCK_MS: number;

  /**
   * Whether the worker puts the housekeeping tasks on their schedule (src/queue/scheduled-job.ts). Off in the tests,
   * whose workers would otherwise each keep a delayed job per task; a test runs a task by MaintenanceProducer.runNow.
   */
  @Transform(toBool)
  @IsBoolean()
  SCHEDULED_JOBS: boolean;

  /**
   * How often the worker checks every publication (seconds): the snapshot's sha256 and the frozen rows against it.
   * Each check reads every snapshot (~250 MB at commune scale), so hours, not minutes: 6 h by default.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  PUBLICATION_CHECK_EVERY_SECONDS: number;
}

export const APP_CONFIG_KEYS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'JWT_SECRET',
  'JWT_TTL_SECONDS',
  'PASSWORD_HASH_MEMORY_KIB',
  'PASSWORD_HASH_ITERATIONS',
  'LOGIN_MAX_FAILURES',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'BODY_LIMIT_BYTES',
  'UPLOAD_DIR',
  'UPLOAD_MAX_BYTES',
  'OUT_DIR',
  'LOG_LEVEL',
  'EXPORT_HEAP_MB',
  'SCORING_LOCK_MS',
  'SCHEDULED_JOBS',
  'PUBLICATION_CHECK_EVERY_SECONDS',
] as const satisfies readonly (keyof AppConfig)[];
