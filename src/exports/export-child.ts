import 'reflect-metadata';
import { UnrecoverableError } from '../queue/unrecoverable-error';
import { getHeapStatistics } from 'node:v8';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { peakRssBytes } from '../common/peak-rss';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from '../database/data-source-options';
import type { ExportChildMessage } from './export-process';
import { writeExport, type ExportRequest } from './export-writer';

/**
 * The export process (started by runExportProcess): `node --max-old-space-size=<MB> export-child.js '{"request":
 * …, "path": …}'` writes one workbook and reports over IPC, then ends. It ends too if its parent goes away.
 */

const send = (message: ExportChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });

const orphaned = () => process.exit(1);

async function main(): Promise<void> {
  process.once('disconnect', orphaned);
  const { request, path } = JSON.parse(process.argv[2] ?? '{}') as { request: ExportRequest; path: string };
  const db = await new DataSource(withEntityFiles(loadConfig())).initialize();
  try {
    const t0 = process.hrtime.bigint();
    const fileName = await writeExport(db, request, path, (fraction) => send({ type: 'progress', fraction }));
    await send({
      type: 'done',
      fileName,
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      maxRssBytes: peakRssBytes(),
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await send({ type: 'failed', message, unrecoverable: error instanceof DomainException || error instanceof UnrecoverableError });
  } finally {
    await db.destroy();
  }
  process.removeListener('disconnect', orphaned);
  process.disconnect?.();
}

main().catch(async (error: unknown) => {
  // Could not even start (configuration, database): a failure the job may retry.
  await send({ type: 'failed', message: error instanceof Error ? error.message : String(error), unrecoverable: false });
  process.exit(1);
});
