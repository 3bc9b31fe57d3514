import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { limitIssue } from './framework-file';
import { FRAMEWORK_LIMITS, type FrameworkLimitBreach } from './framework-limits';
import { checkDocumentShape } from './framework-structure';
import type { FrameworkValidation } from './framework-validator';

/** A framework input: a parsed document (JSON body) or a file's text (YAML or JSON upload, the CLI). */
export type FrameworkSource = { document: unknown } | { text: string; fileName: string; mediaType?: string };

export interface FrameworkParseRequest {
  id: number;
  source: FrameworkSource;
}

export type FrameworkParseReply = { id: number; result: FrameworkValidation } | { id: number; failure: string };

interface Job {
  id: number;
  source: FrameworkSource;
  resolve: (result: FrameworkValidation) => void;
  reject: (error: Error) => void;
}

/** Compiled, the entry sits beside this file as .js; run from the TypeScript sources (ts-jest), as .ts. */
const ENTRY = join(__dirname, `framework-parse.worker${extname(__filename)}`);

/**
 * Run from the TypeScript sources there is no compiled entry: the worker then compiles each .ts file it loads with
 * the TypeScript compiler (a development dependency; a build never takes this path).
 */
const TYPESCRIPT_ENTRY = `
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { workerData } = require('node:worker_threads');
const load = createRequire(workerData.entry);
const ts = load('typescript');
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
load.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions }).outputText, file);
load(workerData.entry);
`;

/** A worker left idle this long ends; the next file starts another. */
const IDLE_MS = 60_000;

const refusal = (breach: FrameworkLimitBreach): FrameworkValidation => ({ ok: false, errors: [limitIssue(breach, undefined)] });

/**
 * Parses and validates framework files in a worker thread of its own, one file at a time, so that neither a large
 * file nor a hostile one holds up the server's other requests: a file that takes longer than FRAMEWORK_LIMITS.timeMs
 * is refused (rule `time`) and its worker ended, and the worker's heap is capped (FRAMEWORK_LIMITS.heapMb; beyond it,
 * rule `memory`). A parsed document (a JSON body) is measured here first, as posting it to the worker walks it.
 */
@Injectable()
export class FrameworkParser implements OnModuleDestroy {
  private readonly logger = new Logger(FrameworkParser.name);
  private readonly waiting: Job[] = [];
  private current: Job | null = null;
  private worker: { thread: Worker; ready: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private lastId = 0;
  private closed = false;
  /** FRAMEWORK_LIMITS.timeMs; a spec makes it shorter. */
  protected readonly timeMs: number = FRAMEWORK_LIMITS.timeMs;

  parse(source: FrameworkSource): Promise<FrameworkValidation> {
    if ('document' in source) {
      const breach = checkDocumentShape(source.document);
      if (breach) return Promise.resolve(refusal(breach));
    }
    if (this.closed) return Promise.reject(new Error('the framework parser stopped (the server is shutting down)'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: ++this.lastId, source, resolve, reject });
      this.next();
    });
  }

  /** At shutdown: the file under way and those waiting are failed, and no timer or new worker outlives the app. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    clearTimeout(this.timer);
    const stopped = new Error('the framework parser stopped (the server is shutting down)');
    for (const job of [...(this.current ? [this.current] : []), ...this.waiting.splice(0)]) job.reject(stopped);
    this.current = null;
    await this.end();
  }

  private next(): void {
    if (this.current || this.waiting.length === 0) return;
    clearTimeout(this.idle);
    const job = this.waiting.shift()!;
    this.current = job;
    const worker = (this.worker ??= this.start());
    worker.ready.then(
      () => {
        if (this.current !== job) return;
        this.timer = setTimeout(() => this.timedOut(job), this.timeMs);
        worker.thread.postMessage({ id: job.id, source: job.source } satisfies FrameworkParseRequest);
      },
      (error: Error) => this.settle(job, () => job.reject(error)),
    );
  }

  private start(): { thread: Worker; ready: Promise<void> } {
    const resourceLimits = { maxOldGenerationSizeMb: FRAMEWORK_LIMITS.heapMb };
    const thread = ENTRY.endsWith('.ts')
      ? new Worker(TYPESCRIPT_ENTRY, { eval: true, workerData: { entry: ENTRY }, resourceLimits })
      : new Worker(ENTRY, { resourceLimits });
    thread.unref();
    const ready = new Promise<void>((resolve, reject) => {
      thread.on('message', (message: FrameworkParseReply | { ready: true }) => {
        if ('ready' in message) return resolve();
        const job = this.current;
        if (!job || job.id !== message.id) return;
        if ('failure' in message) this.settle(job, () => job.reject(new Error(`the framework parser failed: ${message.failure}`)));
        else this.settle(job, () => job.resolve(message.result));
      });
      thread.once('error', (error: Error & { code?: string }) => {
        reject(error);
        this.died(thread, error);
      });
      thread.once('exit', (code) => {
        reject(new Error(`the framework parser's worker ended (exit code ${code})`));
        this.died(thread, null);
      });
    });
    return { thread, ready };
  }

  /** The worker died (out of memory, a crash): its file is refused or failed, the next one gets a new worker. */
  private died(thread: Worker, error: (Error & { code?: string }) | null): void {
    if (this.worker?.thread !== thread) return;
    this.worker = null;
    const job = this.current;
    if (!job) return;
    if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const limit = FRAMEWORK_LIMITS.heapMb;
      this.settle(job, () => job.resolve(refusal({ rule: 'memory', limit, path: '', message: `parsing the file needs more than ${limit} MB (the limit)` })));
    } else {
      if (error) this.logger.error(`the framework parser's worker failed: ${error.stack ?? error.message}`);
      this.settle(job, () => job.reject(error ?? new Error("the framework parser's worker ended")));
    }
  }

  private timedOut(job: Job): void {
    if (this.current !== job) return;
    const limit = this.timeMs;
    // The worker may be stuck in the file for good: it is ended, and the next file gets a new one.
    void this.end();
    this.settle(job, () => job.resolve(refusal({ rule: 'time', limit, path: '', message: `parsing and checking the file takes longer than ${limit} ms (the limit)` })));
  }

  private settle(job: Job, answer: () => void): void {
    if (this.current !== job) return;
    clearTimeout(this.timer);
    this.current = null;
    answer();
    if (this.waiting.length > 0) return this.next();
    this.idle = setTimeout(() => void this.end(), IDLE_MS).unref();
  }

  private async end(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.thread.terminate();
  }
}
