import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { FileStorage } from './file-storage';
import { storeEvidenceFile, type StoredEvidenceFile } from './store-evidence-file';

export type UploadedEvidenceFile = Express.Multer.File & { stored: StoredEvidenceFile };

/**
 * A multer storage engine that streams an upload straight into the FileStorage (size limit and content type
 * checked on the way, nothing kept in memory). Content-addressed files are never removed here: another row may
 * use the same bytes (see LocalFolderStorage).
 */
export function fileStorageEngine(storage: FileStorage, maxBytes: number): StorageEngine {
  return {
    _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<UploadedEvidenceFile>) => void) {
      storeEvidenceFile(storage, file.stream, maxBytes).then(
        (stored) => callback(null, { size: stored.sizeBytes, stored }),
        (error: unknown) => {
          // Drain the rest so the refusal can be answered on the same connection.
          file.stream.resume();
          callback(error);
        },
      );
    },
    _removeFile(_req: Request, _file: Express.Multer.File, callback: (error: Error | null) => void) {
      callback(null);
    },
  };
}
