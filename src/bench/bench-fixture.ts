import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { systemActor, type Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { CyclePhase } from '../cycles/cycle-phase';
import { CyclesService } from '../cycles/cycles.service';
import { dropDatabase, ensureDatabase } from '../database/ensure-database';
import { runMigrations } from '../database/migrate';
import type { Framework, FrameworkNode, RawValue } from '../engine';
import { FrameworksService } from '../frameworks/frameworks.service';
import { QUEUE_NAMES } from '../queue/queue-name';
import { Role } from '../auth/role';
import { copyAnswerRows, copySubmissions } from '../submissions/answer-copy.queries';
import { copyUnitRows, insertUnitRow, unitIdsAndCodesOfLevel } from '../units/unit-copy.queries';
import { unitNamesByIds } from '../units/units.queries';
import { insertUsers } from '../users/user-inserts.queries';
import { BenchModule } from './bench.module';
import { benchFramework, benchUnits } from './engine.bench';

/**
 * The commune-scale data every database benchmark shares, in a database of its own (DATABASE_URL's name + `_bench`,
 * recreated on each run) with a queue prefix of its own: one province, N communes under it, the 200-indicator bench
 * framework stored through FrameworksService, and two cycles of it through CyclesService:
 *
 * - the scored cycle (2025): every commune's submission with its 200 answers (2,000,000 rows at 10,000 units,
 *   about 2 % of them empty, as benchUnits generates them) written with COPY, then moved open → review → scoring;
 * - the form cycle (2026), open: the units of the HTTP clients, each with its officer and its 200 answers already
 *   there (a form half-way), saved again and again by the HTTP benchmark.
 *
 * Everything is deterministic (benchUnits' seeded generator); only ids and times differ between runs.
 */

export interface BenchOptions {
  units: number;
  indicators: number;
  /** Leave the bench database behind at the end (default: drop it). */
  keepDatabase: boolean;
  /**
   * What the database and the queue prefix are suffixed with (default `bench`): a suite with data of its own at
   * another scale (publish) makes them beside the shared ones, never meeting them.
   */
  name?: string;
}

export interface BenchUnitRow {
  id: string;
  code: string;
}

export interface FormClient {
  unitId: string;
  unitCode: string;
  token: string;
}

const DAY = 86_400_000;
const SCORED_YEAR = 2025;
const FORM_YEAR = 2026;

/** The bench database's URL: the configured one with `_bench` (or `_<name>`) added to the database name. */
export function benchDatabaseUrl(url: string, name = 'bench'): string {
  const u = new URL(url);
  u.pathname = `/${decodeURIComponent(u.pathname.slice(1))}_${name}`;
  return u.toString();
}

/** COPY FROM STDIN of a file written by copyToFile. */
export async function copyFile(client: PoolClient, table: string, columns: string[], file: string): Promise<void> {
  await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** COPY (query) TO STDOUT into a writable stream. */
export async function copyQueryTo(client: PoolClient, sql: string, target: NodeJS.WritableStream): Promise<void> {
  await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), target);
}

/** Runs fn with a raw pg client of the data source (for COPY), released after. */
export async function withPgClient<T>(db: DataSource, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await fn(client);
  } finally {
    await runner.release();
  }
}

export class BenchFixture {
  app!: INestApplicationContext;
  db!: DataSource;
  readonly admin: Actor = systemActor('cli');
  framework!: Framework;
  frameworkId!: string;
  units: BenchUnitRow[] = [];
  scoredCycleId!: string;
  formCycleId!: string;
  /** Seconds spent making the data (not a benchmark figure; printed as a note). */
  readonly timings: Record<string, number> = {};
  /** PostgreSQL's version, for the machine note. */
  postgresVersion = '';
  /** The succeeded score run of the scored cycle and its publication, once the scoring and workbook suites made them. */
  runId: string | null = null;
  publicationId: string | null = null;
  private formClients: FormClient[] | null = null;
  private static configured: AppConfig | undefined;
  private provinceId!: string;

  private constructor(
    readonly options: BenchOptions,
    readonly databaseUrl: string,
    readonly queuePrefix: string,
  ) {}

  /** Recreates and migrates the bench database, points this process at it, and generates the data. */
  static async create(options: BenchOptions): Promise<BenchFixture> {
    // The settings as they were before any fixture pointed this process at its own database and prefix.
    const config = (BenchFixture.configured ??= loadConfig());
    const name = options.name ?? 'bench';
    const fixture = new BenchFixture(options, benchDatabaseUrl(config.DATABASE_URL, name), `${config.QUEUE_PREFIX}-${name}`.slice(0, 40));
    // Everything created in this process from here on (the Nest context, the worker, the child processes) uses them.
    process.env.DATABASE_URL = fixture.databaseUrl;
    process.env.QUEUE_PREFIX = fixture.queuePrefix;
    process.env.LOG_LEVEL = 'warn';
    await fixture.time('database', async () => {
      await ensureDatabase(fixture.databaseUrl, { recreate: true });
      await runMigrations({ DATABASE_URL: fixture.databaseUrl });
    });
    try {
      fixture.app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'], abortOnError: false });
      fixture.db = fixture.app.get(DataSource);
      await fixture.obliterateQueues();
      await fixture.time('generate', () => fixture.generate());
      return fixture;
    } catch (error) {
      await fixture.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.app) {
      await this.obliterateQueues().catch(() => undefined);
      await this.app.close();
    }
    if (!this.options.keepDatabase) await dropDatabase(this.databaseUrl);
  }

  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + Number(process.hrtime.bigint() - t0) / 1e9;
    }
  }

  queues(): Queue[] {
    return QUEUE_NAMES.map((name) => this.app.get<Queue>(getQueueToken(name)));
  }

  private async obliterateQueues(): Promise<void> {
    for (const queue of this.queues()) await queue.obliterate({ force: true });
  }

  private async generate(): Promise<void> {
    const { units: count, indicators } = this.options;
    const frameworks = this.app.get(FrameworksService);
    const stored = await frameworks.import(this.admin, { text: JSON.stringify(benchFramework(indicators)), fileName: 'bench.json' });
    this.frameworkId = stored.id;
    this.framework = stored.document;

    // The registry: a province and its communes, written directly (the registry loader reads files).
    const provinceId = await insertUnitRow(this.db.manager, { level: 'province', code: '99', nameVi: 'Tỉnh Benchmark', validFrom: '2020-01-01', parentId: null });
    await withPgClient(this.db, (client) =>
      copyUnitRows(
        client,
        (function* () {
          for (let i = 0; i < count; i++) {
            yield { level: 'commune' as const, code: communeCode(i), nameVi: `Xã Benchmark ${i + 1}`, validFrom: '2020-01-01', parentId: provinceId };
          }
        })(),
      ),
    );
    this.units = await unitIdsAndCodesOfLevel(this.db.manager, 'commune');
    this.provinceId = provinceId;

    const cycles = this.app.get(CyclesService);
    const open = async (year: number) => {
      const cycle = await cycles.create(this.admin, {
        year,
        level: 'commune',
        scopeUnitId: this.provinceId,
        frameworkId: this.frameworkId,
        nameVi: `Đánh giá DTI cấp xã năm ${year} (benchmark)`,
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      });
      return cycles.move(this.admin, cycle.id, { to: CyclePhase.Open, rowVersion: cycle.rowVersion });
    };
    const scored = await open(SCORED_YEAR);
    this.scoredCycleId = scored.id;
    await this.time('copy answers', () => this.writeAnswers(scored.id, this.units));
    const review = await cycles.move(this.admin, scored.id, { to: CyclePhase.Review, rowVersion: scored.rowVersion });
    await cycles.move(this.admin, scored.id, { to: CyclePhase.Scoring, rowVersion: review.rowVersion });
    this.formCycleId = (await open(FORM_YEAR)).id;
    await this.db.query('ANALYZE');
    this.postgresVersion = (await this.db.query('SHOW server_version'))[0].server_version;
  }

  /** Each unit's submission and its answers (benchUnits' values; a missing one is an answer row with no value yet). */
  private async writeAnswers(cycleId: string, units: BenchUnitRow[]): Promise<void> {
    const generated = benchUnits(this.framework, this.options.units);
    const leaves = leafCodes(this.framework);
    await withPgClient(this.db, async (client) => {
      const ids = await copySubmissions(
        client,
        cycleId,
        units.map((u) => u.id),
      );
      const index = new Map(units.map((u, i) => [u.id, i]));
      await copyAnswerRows(
        client,
        (function* (): Generator<[string, string, string | null]> {
          for (const unit of units) {
            const values = generated[index.get(unit.id)! % generated.length].values;
            const submissionId = ids.get(unit.id)!;
            for (const code of leaves) {
              const value = values[code];
              yield [submissionId, code, value === undefined ? null : JSON.stringify(value)];
            }
          }
        })(),
      );
    });
  }

  /** The units of the form cycle that the HTTP clients save, one each, with an officer and a signed token. */
  async clients(n: number): Promise<FormClient[]> {
    if (this.formClients && this.formClients.length >= n) return this.formClients.slice(0, n);
    const chosen = this.units.slice(0, n);
    await this.time('http clients', async () => {
      await this.writeAnswers(this.formCycleId, chosen);
      const names = await unitNamesByIds(this.db.manager, chosen.map((u) => u.id));
      const users = await insertUsers(
        this.db.manager,
        Role.Officer,
        chosen.map((u) => ({ email: `can-bo.${u.code}@bench.dti.vn`, fullName: `Cán bộ ${names.get(u.id)!.nameVi}`, unitId: u.id, passwordHash: 'no-login' })),
      );
      const jwt = this.app.get(JwtService);
      const byUnit = new Map(users.map((u) => [u.unit_id, u.id]));
      this.formClients = await Promise.all(
        chosen.map(async (u) => ({
          unitId: u.id,
          unitCode: u.code,
          token: await jwt.signAsync({ sub: byUnit.get(u.id)!, role: Role.Officer, unitId: u.id }),
        })),
      );
    });
    return this.formClients!;
  }
}

export const communeCode = (i: number): string => String(i + 1).padStart(5, '0');

export function leafCodes(framework: Framework): string[] {
  const out: string[] = [];
  const walk = (nodes: FrameworkNode[]) => nodes.forEach((n) => (n.children?.length ? walk(n.children) : out.push(n.code)));
  walk(framework.nodes);
  return out;
}

export type { RawValue };
