import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const DEVELOPMENT_JWT_SECRET = 'dev-secret-change-me-dev-secret-change-me';

/** Below this an export process cannot hold even a province ranking's data. */
export const MIN_EXPORT_HEAP_MB = 96;
/** Less cannot hold the engine's working state and a snapshot's pieces. */
export const MIN_VERIFY_HEAP_MB = 96;

/** DATABASE_URL's and REDIS_URL's value that asks for the embedded driver (PGlite, the in-process queues). */
export const EMBEDDED = 'embedded';

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

  /** A PostgreSQL server's URL, or "embedded": PGlite in this process, its data in EMBEDDED_DATA_DIR (src/database/embedded-postgres.ts). */
  @Matches(/^(embedded|postgres(ql)?:\/\/[^\s/]+\/[A-Za-z0-9_-]+(\?\S*)?)$/, {
    message: 'DATABASE_URL must be a postgres://[user[:password]@]host[:port]/database URL, or "embedded"',
  })
  DATABASE_URL: string;

  /** The folder of the embedded PostgreSQL's data (DATABASE_URL=embedded); one process at a time uses it. */
  @IsString()
  @IsNotEmpty()
  EMBEDDED_DATA_DIR: string;

  /**
   * A Redis server's URL (the queues on BullMQ: many workers on many machines), or "embedded" (or empty): the
   * queues, login limits, ended sessions and upload quotas in this process's memory (src/queue/in-process/).
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? EMBEDDED : value))
  @Matches(/^(embedded|rediss?:\/\/[^\s/]+(\/\d{1,2})?)$/, {
    message: 'REDIS_URL must be a redis://[user:password@]host[:port][/db] URL, or "embedded"',
  })
  REDIS_URL: string;

  /**
   * Lets production run on the embedded drivers (DATABASE_URL or REDIS_URL "embedded"), which keep everything in one
   * process: refused there unless this is true (a small office's one machine, knowingly).
   */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_EMBEDDED: boolean;

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

  /**
   * Failed logins from one client address, whatever the accounts, before that address is refused (429) until the
   * window passes: one password tried on many accounts (spraying) meets this limit, not the per-account one. Many
   * people behind one office NAT share an address, so it is well above one person's typing mistakes.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_MAX_FAILURES: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_WINDOW_SECONDS: number;

  /**
   * Password hashes (argon2: PASSWORD_HASH_MEMORY_KIB each) computed at once in a process, and how many more may
   * wait for one; beyond that a login (or any password change) is refused with 429 at once, so a burst of logins
   * costs at most CONCURRENCY x MEMORY_KIB of memory and never a queue that grows without bound.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  PASSWORD_HASH_QUEUE: number;

  /**
   * Which peers' X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host the app believes (Express "trust proxy"): the
   * client address of a request is then the one the nearest untrusted hop saw, and the login limits count by it.
   * "loopback" (a reverse proxy on the same host), or a comma-separated list of addresses, CIDR ranges and Express's
   * names (loopback, linklocal, uniquelocal). Trusting everyone ("true") would let any client choose its address.
   */
  @Matches(/^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*$/, {
    message: 'TRUST_PROXY must be a comma-separated list of loopback, linklocal, uniquelocal, addresses or CIDR ranges',
  })
  TRUST_PROXY: string;

  /**
   * The site's own origin as browsers see it (https://dti.example.gov.vn): a state-changing request carrying the
   * session cookie must come from it (Origin, else Referer). Empty: the origin of the request itself (its protocol
   * and Host, as forwarded by a trusted proxy).
   */
  @Matches(/^(https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)?$/, { message: 'PUBLIC_ORIGIN must be empty or scheme://host[:port] without a path' })
  PUBLIC_ORIGIN: string;

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

  /** Uploads one user may start within UPLOAD_RATE_WINDOW_SECONDS (evidence, imports; API and pages): then 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_MAX: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_WINDOW_SECONDS: number;

  /** Bytes one user may upload within UPLOAD_QUOTA_WINDOW_SECONDS (declared first, then counted): then 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_QUOTA_BYTES: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_QUOTA_WINDOW_SECONDS: number;

  /** A stored file no row refers to is removed by the sweep once it is older than this (an upload in flight is younger). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  UPLOAD_SWEEP_GRACE_SECONDS: number;

  /** How often the worker sweeps orphaned files. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  UPLOAD_SWEEP_EVERY_SECONDS: number;

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
   * The old-space limit (MB) of the process of its own in which a publication is verified (publication:verify and
   * the API's verify; node --max-old-space-size): at 20,000 communes × 400 indicators an uncapped verify peaked at
   * 692–744 MB, most of it garbage V8 had not yet collected; capped at 192 MB, 425 MB. 0 verifies in the asking process (the tests do).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16384)
  VERIFY_HEAP_MB: number;

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

  /**
   * How long a publish or correct request waits for its job (ms) before it answers 202 with the job to follow:
   * below the 30 s a proxy usually allows a request. A province publishes within it (201, as when publishing was the
   * request itself); a commune-scale freeze (tens of seconds) may not. 0 always answers 202.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  PUBLISH_WAIT_MS: number;

  /** Which driver runs the queues and keeps the counters: BullMQ on Redis, or in this process (REDIS_URL=embedded). */
  get queueDriver(): 'bullmq' | 'in-process' {
    return this.REDIS_URL === EMBEDDED ? 'in-process' : 'bullmq';
  }
}

export const APP_CONFIG_KEYS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'DATABASE_URL',
  'EMBEDDED_DATA_DIR',
  'REDIS_URL',
  'ALLOW_EMBEDDED',
  'QUEUE_PREFIX',
  'JWT_SECRET',
  'JWT_TTL_SECONDS',
  'PASSWORD_HASH_MEMORY_KIB',
  'PASSWORD_HASH_ITERATIONS',
  'LOGIN_MAX_FAILURES',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'LOGIN_ADDRESS_MAX_FAILURES',
  'LOGIN_ADDRESS_WINDOW_SECONDS',
  'PASSWORD_HASH_CONCURRENCY',
  'PASSWORD_HASH_QUEUE',
  'TRUST_PROXY',
  'PUBLIC_ORIGIN',
  'BODY_LIMIT_BYTES',
  'UPLOAD_DIR',
  'UPLOAD_MAX_BYTES',
  'UPLOAD_RATE_MAX',
  'UPLOAD_RATE_WINDOW_SECONDS',
  'UPLOAD_QUOTA_BYTES',
  'UPLOAD_QUOTA_WINDOW_SECONDS',
  'UPLOAD_SWEEP_GRACE_SECONDS',
  'UPLOAD_SWEEP_EVERY_SECONDS',
  'OUT_DIR',
  'LOG_LEVEL',
  'EXPORT_HEAP_MB',
  'VERIFY_HEAP_MB',
  'SCORING_LOCK_MS',
  'SCHEDULED_JOBS',
  'PUBLICATION_CHECK_EVERY_SECONDS',
  'PUBLISH_WAIT_MS',
] as const satisfies readonly (keyof AppConfig)[];
