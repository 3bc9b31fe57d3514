import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { InjectFileStorage, type FileStorage, type PutFile, type StoredFileInfo } from './file-storage';

/** A column that holds storage keys: `table.column`. */
export interface FileReference {
  table: string;
  column: string;
}

/**
 * Every column named storage_key in the schema (today evidence, import and export files). Read from the catalog, not
 * listed here, because storage knows no feature, and because a list that missed a new column would let the sweep
 * remove files a row still names. A stored file none of them names is an orphan: a refused upload, an import or
 * export whose row is gone.
 */
export async function fileReferences(db: DataSource): Promise<FileReference[]> {
  return db.query(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'storage_key' ORDER BY table_name`,
  );
}

export interface SweepSummary extends Record<string, unknown> {
  /** Stored files looked at. */
  scanned: number;
  /** Named by a row: kept. */
  referenced: number;
  /** Written (or refreshed by an upload of the same bytes) within the grace period: kept. */
  young: number;
  /** Orphans older than the grace: removed. */
  removed: number;
  removedBytes: number;
  /** Temporary files of uploads that never finished, older than the grace: removed. */
  staleParts: number;
}

const BATCH = 500;

/**
 * Removes stored files no row refers to once they are older than UPLOAD_SWEEP_GRACE_SECONDS (the sweep, a
 * scheduled task of the worker), and the file of an upload refused after it was written (discard). A file is never
 * removed while a row names it, nor within the grace of its last write: an upload in flight writes (or refreshes)
 * its file before it inserts its row, and removeIfIdle re-checks that time after setting the file aside.
 */
@Injectable()
export class OrphanFilesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  /** The schema changes only with a migration, which restarts every process: read once. */
  private references?: Promise<FileReference[]>;

  async sweep(now = Date.now()): Promise<SweepSummary> {
    const graceMs = this.config.UPLOAD_SWEEP_GRACE_SECONDS * 1000;
    const cutoff = now - graceMs;
    const summary: SweepSummary = { scanned: 0, referenced: 0, young: 0, removed: 0, removedBytes: 0, staleParts: 0 };
    let batch: StoredFileInfo[] = [];
    const settle = async (): Promise<void> => {
      const used = await this.referenced(batch.map((f) => f.key));
      for (const file of batch) {
        if (used.has(file.key)) summary.referenced++;
        else if (await this.storage.removeIfIdle(file.key, cutoff)) {
          summary.removed++;
          summary.removedBytes += file.sizeBytes;
        } else summary.young++;
      }
      batch = [];
    };
    for await (const file of this.storage.list()) {
      summary.scanned++;
      if (file.modifiedAtMs > cutoff) {
        summary.young++;
        continue;
      }
      batch.push(file);
      if (batch.length >= BATCH) await settle();
    }
    if (batch.length) await settle();
    summary.staleParts = await this.storage.removeStaleParts(graceMs);
    return summary;
  }

  /**
   * Removes the file of an upload refused after it was stored (its row was not written): only if this upload created
   * it, no row names it, and no upload of the same bytes has refreshed it since. True if removed.
   */
  async discard(stored: PutFile): Promise<boolean> {
    if (!stored.created) return false;
    if ((await this.referenced([stored.key])).size > 0) return false;
    return this.storage.removeIfIdle(stored.key, stored.modifiedAtMs);
  }

  private async referenced(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    this.references ??= fileReferences(this.db);
    const sql = (await this.references).map((r) => `SELECT "${r.column}" AS key FROM "${r.table}" WHERE "${r.column}" = ANY($1)`).join(' UNION ');
    const rows: { key: string }[] = await this.db.query(sql, [keys]);
    return new Set(rows.map((r) => r.key));
  }
}
