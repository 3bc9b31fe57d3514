import { join } from 'node:path';
import { runCappedProcess, type CappedProcessFigures } from '../queue/capped-process';
import type { VerifyReport } from './publication-verify';

/**
 * A publication verified (verifyPublication) by a process of its own (verify-child.ts) whose heap is capped
 * (runCappedProcess): at commune scale a verify holds the engine's columns of every unit and parses each result
 * twice, and V8 lets an uncapped heap grow to several times what it keeps alive (692–744 MB at 20,000 × 400); capped,
 * the memory is known, and the minute of CPU is not the API's or the CLI's event loop.
 */

export type VerifyProcessResult = { report: VerifyReport } & CappedProcessFigures;

/** The compiled child's entry point (there is none beside the TypeScript sources). */
export const VERIFY_CHILD_SCRIPT = join(__dirname, 'verify-child.js');

/**
 * How long a verify process may take before it is stopped: 20,000 units × 400 indicators take 42–80 s, so half an
 * hour is an edition many times larger, or a process that hangs (which would hold the API's one verify place).
 */
export const VERIFY_DEADLINE_MS = 30 * 60_000;

/** Verifies the publication in a capped process and resolves with its report (runCappedProcess's failures). */
export function runVerifyProcess(publicationId: string, options: { heapMb: number; script?: string; deadlineMs?: number }): Promise<VerifyProcessResult> {
  return runCappedProcess<{ report: VerifyReport }>(options.script ?? VERIFY_CHILD_SCRIPT, { publicationId }, {
    heapMb: options.heapMb,
    ended: `the verify process of publication ${publicationId} ended without a report`,
    deadlineMs: options.deadlineMs ?? VERIFY_DEADLINE_MS,
  });
}
