import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The PostgreSQL and Redis of one fault spec, started by it and for it alone: the suite restarts and kills these, never
 * the machine's shared services (other test runs use them at the same time). Each lives in a temporary folder of its
 * own, on a free port, and is stopped by its own command at the end (stopAll, also on the process's exit).
 */

const run = promisify(execFile);

/** A TCP port nobody listens on now (the OS's choice). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Everything started here, to stop even when a spec fails or the process exits without its afterAll. */
const started = new Set<{ stopNow(): void }>();
process.once('exit', () => {
  for (const service of started) service.stopNow();
});

/** The newest PostgreSQL server installed (/usr/lib/postgresql/<major>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (majors.length === 0) throw new Error(`no PostgreSQL server under ${root}`);
  return join(root, majors[0], 'bin');
}

/** Runs a PostgreSQL program as the `postgres` OS user when we are root (initdb and the server refuse root). */
function asPostgres(program: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const [command, ...rest] = postgresCommand(program, args);
  return run(command, rest);
}

function postgresCommand(program: string, args: string[]): string[] {
  const path = join(postgresBin(), program);
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', path, ...args] : [path, ...args];
}

/** A PostgreSQL cluster of its own: initdb into a temporary folder, the server on a free port, trust for local users. */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'dti-fault-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), -1);
    const pg = new PrivatePostgres(dir, await freePort());
    started.add(pg);
    await asPostgres('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await pg.ctl('start');
    return pg;
  }

  get data(): string {
    return join(this.dir, 'data');
  }

  /** The URL of a database of this cluster. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * `pg_ctl restart`: fast (open sessions are ended, a clean shutdown) or immediate (no shutdown at all: crash
   * recovery at the start, as after a power cut). Returns when the server accepts connections again.
   */
  async restart(mode: 'fast' | 'immediate'): Promise<void> {
    await this.ctl('restart', mode);
  }

  async stop(): Promise<void> {
    if (!started.delete(this)) return;
    await this.ctl('stop', 'immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous, for the exit hook. */
  stopNow(): void {
    started.delete(this);
    const [command, ...args] = postgresCommand('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ctl(action: 'start' | 'restart' | 'stop', mode?: 'fast' | 'immediate'): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
    await asPostgres('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', ...(mode ? ['-m', mode] : []), '-o', options, action]);
  }
}

/**
 * A redis-server child process of its own, with an append-only file in its folder as docker/compose.yml runs Redis
 * (`--appendonly yes`): BullMQ's queues live in Redis, and a restart keeps them. Restarting is stopping the process and
 * starting it again with the same arguments.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly log: string[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(mkdtempSync(join(tmpdir(), 'dti-fault-redis-')), await freePort());
    started.add(redis);
    await redis.spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** SIGTERM (Redis writes its append-only file and exits) or SIGKILL (what was fsynced survives: every write, here). */
  async restart(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.kill(signal);
    await this.spawn();
  }

  async stop(): Promise<void> {
    if (!started.delete(this)) return;
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  stopNow(): void {
    started.delete(this);
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  output(): string {
    return this.log.join('').slice(-2000);
  }

  private async spawn(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => this.log.push(String(d)));
    child.stderr!.on('data', (d: Buffer) => this.log.push(String(d)));
    this.child = child;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${this.output()}`);
      const pong = await run('redis-cli', ['-p', String(this.port), 'ping']).then((r) => r.stdout.trim(), () => '');
      if (pong === 'PONG') return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer in 20 s:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
