import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = process.cwd();

/**
 * Compiles src/ for worker processes into var/<folder> (incremental, so a second test run with unchanged sources is
 * quick; not dist/, which `npm run build` deletes and other processes may be running from). Returns the worker's
 * entry point.
 */
export async function buildWorker(folder: string): Promise<string> {
  const build = join(ROOT, 'var', folder);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '-p', 'tsconfig.build.json', '--outDir', build, '--incremental', '--tsBuildInfoFile', join(build, '.tsbuildinfo')];
  await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
    throw new Error(`the worker does not compile:\n${error.stdout ?? String(error)}`);
  });
  return join(build, 'src', 'worker.js');
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Its stdout and stderr, for the message of a failed wait. */
  output: string[];
  exited: Promise<void>;
  /** How the worker names itself (BullMQ's default worker name: host and pid). */
  label: string;
}

/** Real worker processes (`node <build>/src/worker.js`) on this test run's database and queue prefix. */
export class WorkerProcesses {
  private readonly spawned: WorkerProcess[] = [];

  constructor(
    private readonly workerJs: string,
    private readonly sessionPrefix: string,
  ) {}

  /** A worker; its database sessions are named after it (application_name). `env` adds settings of its own. */
  start(name: string, env: Record<string, string> = {}): WorkerProcess {
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('application_name', `${this.sessionPrefix}-${name}`);
    const child = spawn(process.execPath, [this.workerJs], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), QUEUE_PREFIX: process.env.QUEUE_PREFIX, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (d: Buffer) => output.push(`[${name}] ${String(d)}`));
    child.stderr!.on('data', (d: Buffer) => output.push(`[${name}] ${String(d)}`));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const worker = { name, child, output, exited, label: `${hostname()}:${child.pid}` };
    this.spawned.push(worker);
    return worker;
  }

  async kill(worker: WorkerProcess): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
  }

  /** Every process started, even after a failed test. */
  async killAll(): Promise<void> {
    await Promise.all(this.spawned.splice(0).map((w) => this.kill(w)));
  }

  output(): string {
    return this.spawned.flatMap((w) => w.output).join('').slice(-4000);
  }

  /** Polls until fn gives a value; on timeout says what it waited for, with the workers' output. */
  async until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, pollMs = 20): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
