import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { InjectFileStorage, type FileStorage } from '../evidence/file-storage';
import { QueueName } from '../queue/queue-name';
import { cycleDataFileName, writeCycleDataWorkbook } from './cycle-data-workbook';
import { loadCycleData, loadRankingWorkbookData, loadScoreCardData, withSnapshot } from './export-data';
import { ExportJob } from './export-job.entity';
import type { ExportJobData } from './exports.producer';
import { rankingFileName, writeRankingWorkbook } from './ranking-workbook';
import { scoreCardFileName, writeScoreCardWorkbook } from './score-card-workbook';

/** The largest workbook kept (a commune-scale ranking is tens of MB). */
const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

/**
 * Makes a workbook: reads its data in one snapshot, streams the workbook into a temporary file, puts the file into
 * the file storage (content-addressed, with its sha256 and size) and records it, with progress mirrored in the row.
 * Something asked for that no longer exists fails at once (UnrecoverableError); any other error is retried with
 * backoff, and the row says failed after the last attempt.
 */
@Processor(QueueName.Exports, { concurrency: 2, lockDuration: 60_000 })
export class ExportProcessor extends WorkerHost {
  private readonly logger = new Logger(ExportProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
  ) {
    super();
  }

  async process(job: Job<ExportJobData>): Promise<{ fileName: string; sha256: string }> {
    const repo = this.db.getRepository(ExportJob);
    const row = await repo.findOneBy({ id: job.data.exportJobId });
    if (!row) throw new UnrecoverableError(`export ${job.data.exportJobId} does not exist`);
    await repo.update({ id: row.id }, { status: 'running', progress: 0, error: null });
    let reported = 0;
    const progress = async (fraction: number) => {
      // Whole percents, at most every 5, and never 100 before the file is stored.
      const p = Math.max(0, Math.min(99, Math.floor(fraction * 100)));
      if (p < reported + 5) return;
      reported = p;
      await Promise.all([job.updateProgress(p), repo.update({ id: row.id }, { progress: p })]);
    };

    const dir = await mkdtemp(join(tmpdir(), 'dti-export-'));
    const path = join(dir, 'export.xlsx');
    try {
      let fileName: string;
      try {
        fileName = await withSnapshot(this.db, async (runner) => {
          switch (row.kind) {
            case 'ranking': {
              const data = await loadRankingWorkbookData(runner, row.params.publicationId);
              await writeRankingWorkbook(data, path, progress);
              return rankingFileName(data.publication);
            }
            case 'score_card': {
              const data = await loadScoreCardData(runner, row.params.publicationId, row.params.unitCode);
              await writeScoreCardWorkbook(data, path, progress);
              return scoreCardFileName(data.publication, data.unit.code);
            }
            case 'cycle_data': {
              const data = await loadCycleData(runner, row.params.cycleId);
              const at = new Date();
              await writeCycleDataWorkbook({ ...data, generatedAt: at }, path, progress);
              return cycleDataFileName(data.cycle, at);
            }
            default:
              throw new UnrecoverableError(`unknown export kind ${String(row.kind)}`);
          }
        });
      } catch (error) {
        if (error instanceof DomainException || error instanceof UnrecoverableError) {
          await repo.update({ id: row.id }, { status: 'failed', error: error.message, finishedAt: new Date() });
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
      const stored = await this.storage.put(createReadStream(path), { maxBytes: MAX_EXPORT_BYTES });
      await Promise.all([
        job.updateProgress(100),
        repo.update(
          { id: row.id },
          {
            status: 'succeeded',
            progress: 100,
            fileName,
            storageKey: stored.key,
            sizeBytes: String(stored.sizeBytes),
            sha256: stored.sha256,
            error: null,
            finishedAt: new Date(),
          },
        ),
      ]);
      return { fileName, sha256: stored.sha256 };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ExportJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof UnrecoverableError) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`export ${job.data.exportJobId} failed: ${error.stack ?? error.message}`);
    await this.db.getRepository(ExportJob).update({ id: job.data.exportJobId }, { status: 'failed', error: error.message, finishedAt: new Date() });
  }
}
