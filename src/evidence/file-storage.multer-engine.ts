import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { FileTooLargeError, type FileStorage } from './file-storage';
import type { OrphanFilesService } from './orphan-files.service';
import { storeEvidenceFile, type StoredEvidenceFile } from './store-evidence-file';
import { uploadAllowance } from './upload-gate';

export type UploadedEvidenceFile = Express.Multer.File & { stored: StoredEvidenceFile };

/**
 * A multer storage engine that streams an upload straight into the FileStorage (size limit and content type
 * checked on the way, nothing kept in memory). Content-addressed files are never removed here: another row may
 * use the same bytes (see LocalFolderStorage). Where an UploadGate ran, the upload also stops at what is left of the
 * user's quota (429), whatever length the request declared. A file multer refuses after it was stored (a part past
 * the limits, a file that finished after the abort) is taken back through OrphanFilesService.discard, as the gate's.
 */
export function fileStorageEngine(storage: FileStorage, maxBytes: number, orphans: Pick<OrphanFilesService, 'discard'>): StorageEngine {
  return {
    _handleFile(req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<UploadedEvidenceFile>) => void) {
      const allowance = uploadAllowance(req);
      const quotaFirst = allowance !== undefined && allowance.reservedBytes < maxBytes;
      const limit = quotaFirst ? allowance.reservedBytes : maxBytes;
      storeEvidenceFile(storage, file.stream, limit)
        .catch(async (error: unknown) => {
          throw quotaFirst && error instanceof FileTooLargeError ? await allowance.exceeded() : error;
        })
        .then(
          (stored) => callback(null, { size: stored.sizeBytes, stored }),
          (error: unknown) => {
            // Drain the rest so the refusal can be answered on the same connection.
            file.stream.resume();
            callback(error);
          },
        );
    },
    _removeFile(_req: Request, file: Partial<UploadedEvidenceFile>, callback: (error: Error | null) => void) {
      // discard keeps a file another row names or another upload refreshed; a fault leaves it to the sweep.
      if (!file.stored) return callback(null);
      orphans.discard(file.stored).then(
        () => callback(null),
        () => callback(null),
      );
    },
  };
}
