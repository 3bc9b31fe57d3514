import { fork } from 'node:child_process';
import { UnrecoverableError } from './unrecoverable-error';

/**
 * A piece of work done by a process of its own whose heap is capped (node --max-old-space-size): its memory is then
 * known and bounded, and never taken from the process that asked (a worker's other jobs, the API's requests). The
 * child (capped-child.ts) reads the database itself, does the work, and reports over IPC.
 */

/** What every capped process reports with its result: its time, peak RSS (VmHWM) and the heap limit it ran with. */
export interface CappedProcessFigures {
  seconds: number;
  maxRssBytes: number;
  heapLimitMb: number;
}

/** What a capped process reports, in order: progress (any number of times), then done (its result's fields) or failed. */
export type CappedChildMessage<T> =
  | { type: 'progress'; fraction: number }
  | ({ type: 'done' } & T & CappedProcessFigures)
  | { type: 'failed'; message: string; unrecoverable: boolean };

/** Node's flags for a process with this old-space limit. */
const cappedProcessFlags = (heapMb: number): string[] => [`--max-old-space-size=${heapMb}`];

export interface CappedProcessOptions {
  heapMb: number;
  onProgress?: (fraction: number) => Promise<void> | void;
  /** How a child that ends without its result is named in the error ("the export process ended without a workbook"). */
  ended: string;
  /**
   * How long the child may take, in ms: past it, it is killed and the run rejects (none when absent). For a caller that
   * holds a scarce place while it waits (the API's one verify at a time), a child that hangs must not hold it for ever.
   */
  deadlineMs?: number;
}

/**
 * Runs `script` with `argument` (as JSON, its one command-line argument) and resolves with what it reports. A refusal
 * the child marks unrecoverable (what was asked for does not exist) rejects with UnrecoverableError; a child that dies
 * (out of memory, killed) rejects with an Error naming its exit and the end of its stderr, so that a job is retried.
 */
export function runCappedProcess<T extends object>(script: string, argument: unknown, options: CappedProcessOptions): Promise<T & CappedProcessFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(argument)], {
      execArgv: cappedProcessFlags(options.heapMb),
      // Named, not inherited: under Jest a test file's process.env is a copy of its own, which fork would not pass on.
      env: process.env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + String(chunk)).slice(-8000);
    });
    let progress: Promise<void> = Promise.resolve();
    let done: (T & CappedProcessFigures) | null = null;
    let failed: { message: string; unrecoverable: boolean } | null = null;
    child.on('message', (message: CappedChildMessage<T>) => {
      if (message.type === 'progress') {
        const fraction = message.fraction;
        // In order, one at a time; a failed progress write is not the work's failure.
        progress = progress.then(async () => options.onProgress?.(fraction)).catch(() => undefined);
      } else if (message.type === 'done') {
        const { type: _type, ...result } = message;
        done = result as unknown as T & CappedProcessFigures;
      } else if (message.type === 'failed') {
        failed = message;
      }
    });
    let overdue = false;
    const deadline =
      options.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            overdue = true;
            child.kill('SIGKILL');
          }, options.deadlineMs);
    child.once('error', reject);
    // 'close', not 'exit': then its stderr and its last messages have all been read.
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      void progress.then(() => {
        if (overdue) return reject(new Error(`${options.ended}: it had not finished after ${options.deadlineMs! / 1000} s and was stopped`));
        if (done && code === 0) return resolve(done);
        if (failed) return reject(failed.unrecoverable ? new UnrecoverableError(failed.message) : new Error(failed.message));
        reject(new Error(`${options.ended} (exit code ${code}, signal ${signal})${whyEnded(stderr, options.heapMb)}`));
      });
    });
  });
}

/**
 * What the child's stderr says of its end: V8's FATAL ERROR line where it printed one (running out of heap prints it
 * above a dozen lines of native stack), with the limit to raise; else its last lines.
 */
function whyEnded(stderr: string, heapMb: number): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const fatal = lines.find((line) => line.includes('FATAL ERROR'));
  if (fatal) return `: ${fatal.trim()}${/heap/i.test(fatal) ? ` (its heap was capped at ${heapMb} MB)` : ''}`;
  return lines.length ? `: ${lines.slice(-3).join(' | ')}` : '';
}
