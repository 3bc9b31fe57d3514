import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import type { ImportJob, ImportKind, ImportReport } from '../import-job.entity';

export interface ImportRun {
  job: ImportJob;
  /** The uploader, for the audit log and the access rules of what the import writes. */
  actor: Actor;
  file: Buffer;
  progress(percent: number): Promise<void>;
}

/**
 * Reads one kind of uploaded file and applies it, all or nothing, in its own transaction (or only reports, in a dry
 * run). Problems with the file go in the report; only errors of ours are thrown.
 */
export type ImportHandler = (run: ImportRun) => Promise<ImportReport>;

/** The handlers of the imports queue by kind; a feature registers its own (reviews: the review workbook). */
@Injectable()
export class ImportHandlerRegistry {
  private readonly handlers = new Map<ImportKind, ImportHandler>();

  register(kind: ImportKind, handler: ImportHandler): void {
    this.handlers.set(kind, handler);
  }

  get(kind: ImportKind): ImportHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no import handler for ${kind}`);
    return handler;
  }
}
