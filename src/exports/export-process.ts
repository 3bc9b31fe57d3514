import { UnrecoverableError } from '../queue/unrecoverable-error';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ExportRequest } from './export-writer';
import type { ExportProgress } from './export-progress';

/**
 * An export workbook written by a process of its own (export-child.ts) whose heap is capped (node
 * --max-old-space-size): a commune-scale workbook's memory is then known and bounded, and never taken from the
 * worker's other jobs. The child reads the database itself, writes the file, and reports over IPC.
 */

/** What the export process reports, in order: progress (any number of times), then done or failed. */
export type ExportChildMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; fileName: string; seconds: number; maxRssBytes: number; heapLimitMb: number }
  | { type: 'failed'; message: string; unrecoverable: boolean };

export type ExportProcessResult = Omit<Extract<ExportChildMessage, { type: 'done' }>, 'type'>;

/** The compiled child's entry point (there is none beside the TypeScript sources). */
export const EXPORT_CHILD_SCRIPT = join(__dirname, 'export-child.js');

/** Node's flags for an export process with this old-space limit. */
export const exportProcessFlags = (heapMb: number): string[] => [`--max-old-space-size=${heapMb}`];

export interface ExportProcessOptions {
  heapMb: number;
  onProgress?: ExportProgress;
  /** Another entry point speaking the same protocol (the tests'). */
  script?: string;
}

/**
 * Writes the export into `path` in a child process and resolves with what it reports. A refusal the child marks
 * unrecoverable (what was asked for does not exist) rejects with UnrecoverableError; a child that dies (out of
 * memory, killed) rejects with an Error naming its exit and the end of its stderr, so the job is retried.
 */
export function runExportProcess(request: ExportRequest, path: string, options: ExportProcessOptions): Promise<ExportProcessResult> {
  return new Promise((resolve, reject) => {
    const child = fork(options.script ?? EXPORT_CHILD_SCRIPT, [JSON.stringify({ request, path })], {
      execArgv: exportProcessFlags(options.heapMb),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + String(chunk)).slice(-2000);
    });
    let progress: Promise<void> = Promise.resolve();
    let done: ExportProcessResult | null = null;
    let failed: Extract<ExportChildMessage, { type: 'failed' }> | null = null;
    child.on('message', (message: ExportChildMessage) => {
      if (message.type === 'progress') {
        const fraction = message.fraction;
        // In order, one at a time; a failed progress write is not the export's failure.
        progress = progress.then(async () => options.onProgress?.(fraction)).catch(() => undefined);
      } else if (message.type === 'done') {
        const { type: _type, ...result } = message;
        done = result;
      } else if (message.type === 'failed') {
        failed = message;
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      void progress.then(() => {
        if (done && code === 0) return resolve(done);
        if (failed) return reject(failed.unrecoverable ? new UnrecoverableError(failed.message) : new Error(failed.message));
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`the export process ended without a workbook (exit code ${code}, signal ${signal})${tail ? `: ${tail}` : ''}`));
      });
    });
  });
}
