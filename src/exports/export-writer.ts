import { UnrecoverableError } from '../queue/unrecoverable-error';
import type { DataSource } from 'typeorm';
import { cycleDataFileName, writeCycleDataWorkbook } from './cycle-data-workbook';
import { loadCycleData, loadRankingWorkbookData, loadScoreCardData, withSnapshot } from './export-data';
import type { ExportKind } from './export-job.entity';
import { rankingFileName, writeRankingWorkbook } from './ranking-workbook';
import { scoreCardFileName, writeScoreCardWorkbook } from './score-card-workbook';
import type { ExportProgress } from './export-progress';

/** What an export job writes: its kind and parameters, as the export_jobs row holds them. */
export interface ExportRequest {
  kind: ExportKind;
  params: Record<string, string>;
}

/**
 * Writes the workbook of an export into `path` from one consistent snapshot and returns its download name; in the
 * worker or in an export process of its own (export-process.ts). Something asked for that does not exist throws
 * DomainException (not found), an unknown kind UnrecoverableError.
 */
export async function writeExport(db: DataSource, request: ExportRequest, path: string, progress?: ExportProgress): Promise<string> {
  return withSnapshot(db, async (runner) => {
    switch (request.kind) {
      case 'ranking': {
        const data = await loadRankingWorkbookData(runner, request.params.publicationId);
        await writeRankingWorkbook(data, path, progress);
        return rankingFileName(data.publication);
      }
      case 'score_card': {
        const data = await loadScoreCardData(runner, request.params.publicationId, request.params.unitCode);
        await writeScoreCardWorkbook(data, path, progress);
        return scoreCardFileName(data.publication, data.unit.code);
      }
      case 'cycle_data': {
        const data = await loadCycleData(runner, request.params.cycleId);
        const at = new Date();
        await writeCycleDataWorkbook({ ...data, generatedAt: at }, path, progress);
        return cycleDataFileName(data.cycle, at);
      }
      default:
        throw new UnrecoverableError(`unknown export kind ${String(request.kind)}`);
    }
  });
}
