import { join } from 'node:path';
import { runCappedProcess, type CappedProcessFigures } from '../queue/capped-process';
import type { ExportRequest } from './export-writer';
import type { ExportProgress } from './export-progress';

/**
 * An export workbook written by a process of its own (export-child.ts) whose heap is capped (runCappedProcess): a
 * commune-scale workbook's memory is then known and bounded, and never taken from the worker's other jobs.
 */

export type ExportProcessResult = { fileName: string } & CappedProcessFigures;

/** The compiled child's entry point (there is none beside the TypeScript sources). */
export const EXPORT_CHILD_SCRIPT = join(__dirname, 'export-child.js');

/**
 * How long an export process may take before it is stopped and the job fails (and is retried): the ranking workbook
 * of 10,000 communes takes about 5 s, so half an hour is an export many times larger, or a process that hangs and
 * would otherwise hold one of the worker's export places for ever.
 */
export const EXPORT_DEADLINE_MS = 30 * 60_000;

export interface ExportProcessOptions {
  heapMb: number;
  /** Past it the process is killed and the export rejected (EXPORT_DEADLINE_MS unless given). */
  deadlineMs?: number;
  onProgress?: ExportProgress;
  /** Another entry point speaking the same protocol (the tests'). */
  script?: string;
}

/** Writes the export into `path` in a capped process and resolves with what it reports (runCappedProcess's failures). */
export function runExportProcess(request: ExportRequest, path: string, options: ExportProcessOptions): Promise<ExportProcessResult> {
  return runCappedProcess<{ fileName: string }>(options.script ?? EXPORT_CHILD_SCRIPT, { request, path }, {
    heapMb: options.heapMb,
    onProgress: options.onProgress,
    ended: 'the export process ended without a workbook',
    deadlineMs: options.deadlineMs ?? EXPORT_DEADLINE_MS,
  });
}
