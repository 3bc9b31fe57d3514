import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { systemActor } from '../auth/actor';
import { canonicalJson } from '../common/canonical-json';
import { peakRssBytes } from '../common/peak-rss';
import { readAhead } from '../common/read-ahead';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from '../database/data-source-options';
import { frozenResultsByCode } from '../publications/frozen-results';
import { PublicationsService } from '../publications/publications.service';
import { runVerifyProcess } from '../publications/verify-process';
import { scoreInputBatches } from '../scoring/score-input-batches';
import { inputsHasher } from '../scoring/score-inputs';
import { resultsHasher } from '../scoring/score-results';
import { runResultRowsSql } from '../scoring/score-results.queries';
import { scoreRunById } from '../scoring/score-runs.queries';
import { cycleAnswersCopySql } from '../submissions/answer-copy.queries';
import { copyQueryTo, withPgClient } from './bench-fixture';
import type { PublishChildReport } from './publish-figures';
import { PublishBenchModule } from './publish-bench.module';

/**
 * One side of the publish benchmark in a process of its own (started by publish.bench.ts), so that the peak RSS it
 * reports (VmHWM) is its own, not the bench's with its fixture:
 *
 * - `publish <cycleId> <runId>`: PublicationsService.publish of the run, in a Nest context as the app has it;
 * - `verify <publicationId>`: the publication verified as `publication:verify` does it: by the verify process with
 *   the configured heap (VERIFY_HEAP_MB; its own time and peak RSS reported), or here when that is 0;
 * - `floor <cycleId> <runId>`: the rows a snapshot holds read out of PostgreSQL with COPY … TO STDOUT, the cycle's
 *   answers as a score run reads them and the run's result rows, a sha256 over the bytes as they come; nothing else.
 * - `work <cycleId> <runId> <publicationId>`: the design's own work on the rows that publication was made of, with
 *   the product's readers: the cycle's inputs and the frozen results read a batch at a time (the next read while one
 *   is worked on), each unit hashed as the run hashed it (both hashes checked against the run's) and written as
 *   canonical JSON into a sha256; no transaction, nothing stored, no Nest. What publishing adds to it is the rest.
 *
 * Prints one JSON line, PublishChildReport; a measurement that throws (the snapshot too large for a string) is
 * reported with `failed`, its time and peak RSS up to then, and exit 0: the bench prints it as a failed figure.
 */

const SHA = () => createHash('sha256');

/** COPY of the query into the hash; the bytes copied. */
async function copyIntoHash(client: PoolClient, sql: string, hash: ReturnType<typeof SHA>): Promise<number> {
  let bytes = 0;
  await copyQueryTo(
    client,
    sql,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        hash.update(chunk);
        done();
      },
    }),
  );
  return bytes;
}

/** The `work` side: see above. Its sha256 is that of the snapshot's units' text, not of the snapshot. */
async function designWork(db: DataSource, cycleId: string, runId: string, publicationId: string): Promise<Partial<PublishChildReport>> {
  const sha = SHA();
  let bytes = 0;
  // Each unit hashed as the run hashed it, then written, as publishing does (StreamedItems.each), one batch read ahead.
  const hashedAndWritten = async <T>(batches: AsyncIterable<T[]>, hash: { add(unit: T): void }) => {
    for await (const batch of readAhead(batches)) {
      for (const unit of batch) {
        hash.add(unit);
        const text = Buffer.from(canonicalJson(unit), 'utf8');
        bytes += text.length;
        sha.update(text);
      }
    }
  };
  const inputs = await scoreInputBatches(db.manager, cycleId);
  const inputsHash = inputsHasher(inputs.head, inputs.count);
  await hashedAndWritten(inputs.batches, inputsHash);
  const results = await frozenResultsByCode(db.manager, publicationId);
  const resultsHash = resultsHasher(results.count);
  await hashedAndWritten(results.batches, resultsHash);
  // Work that hashed other content than the run's is no measure of it.
  const run = await scoreRunById(db.manager, runId);
  if (inputsHash.digest() !== run.inputsHash || resultsHash.digest() !== run.resultsHash) {
    return { failed: `the inputs or results read hash otherwise than run ${runId}'s`, bytes };
  }
  return { bytes, sha256: sha.digest('hex') };
}

async function main(): Promise<void> {
  const [mode, first, second, third] = process.argv.slice(2);
  let run: () => Promise<Partial<PublishChildReport>>;
  let close: () => Promise<void>;
  const verifyHeapMb = loadConfig().VERIFY_HEAP_MB;
  if (mode === 'verify' && verifyHeapMb > 0) {
    // As publication:verify and the API verify: in the capped verify process, whose own time and peak RSS are reported.
    close = async () => undefined;
    run = async () => {
      try {
        const { report, seconds, maxRssBytes, heapLimitMb } = await runVerifyProcess(first, { heapMb: verifyHeapMb });
        return { ok: report.ok, problems: report.problems.slice(0, 5), problemCount: report.problems.length, seconds, maxRssBytes, heapLimitMb };
      } catch (error) {
        // Its figures died with it: none of this process's stands in for them.
        return { failed: error instanceof Error ? `${error.name}: ${error.message}` : String(error), seconds: NaN, maxRssBytes: NaN };
      }
    };
  } else if (mode === 'publish' || mode === 'verify') {
    const app = await NestFactory.createApplicationContext(PublishBenchModule, { logger: ['error', 'warn'], abortOnError: false });
    const publications = app.get(PublicationsService);
    close = () => app.close();
    run =
      mode === 'publish'
        ? async () => ({ publicationId: (await publications.publish(systemActor('cli'), first, second)).id })
        : async () => {
            const report = await publications.verify(first);
            return { ok: report.ok, problems: report.problems.slice(0, 5), problemCount: report.problems.length };
          };
  } else if (mode === 'floor') {
    const db = await new DataSource(withEntityFiles(loadConfig())).initialize();
    close = () => db.destroy();
    run = () =>
      withPgClient(db, async (client) => {
        const hash = SHA();
        const answers = await copyIntoHash(client, cycleAnswersCopySql(first), hash);
        const results = await copyIntoHash(client, `${runResultRowsSql('*', `'${second}'`)} ORDER BY unit_code`, hash);
        return { bytes: answers + results, sha256: hash.digest('hex') };
      });
  } else if (mode === 'work') {
    const db = await new DataSource(withEntityFiles(loadConfig())).initialize();
    close = () => db.destroy();
    run = () => designWork(db, first, second, third);
  } else {
    throw new Error('usage: publish-child publish <cycleId> <runId> | verify <publicationId> | floor <cycleId> <runId> | work <cycleId> <runId> <publicationId>');
  }
  const baselineRssBytes = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  let outcome: Partial<PublishChildReport>;
  try {
    outcome = await run();
  } catch (error) {
    outcome = { failed: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // A verify process's own time and peak RSS, when it reported them, are the figures; else this process's.
  const report: PublishChildReport = { seconds, maxRssBytes: peakRssBytes(), baselineRssBytes, ...outcome };
  await close().catch(() => undefined);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
