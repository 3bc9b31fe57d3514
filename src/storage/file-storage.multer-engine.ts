import type { Readable } from 'node:stream';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { FileTooLargeError, type FileStorage, type PutFile } from './file-storage';
import type { OrphanFilesService } from './orphan-files.service';
import { uploadAllowance } from './upload-gate';

/**
 * How a feature stores one uploaded file: into the FileStorage, refused past `maxBytes` (FileTooLargeError) or when
 * its content is not what the feature takes; nothing is stored when refused. What it resolves is the file's `stored`.
 */
export type StoreUpload<T extends PutFile> = (storage: FileStorage, source: Readable, maxBytes: number) => Promise<T>;

/** A file as multer hands it to a route whose storage engine is fileStorageEngine: `stored` is what the store resolved. */
export type UploadedFile<T extends PutFile = PutFile> = Express.Multer.File & { stored: T };

/**
 * A multer storage engine that streams an upload straight into the FileStorage through the feature's `store` (size
 * limit and content checked on the way, nothing kept in memory). Content-addressed files are never removed here:
 * another row may use the same bytes (see LocalFolderStorage). Where an UploadGate ran, the upload also stops at what
 * is left of the user's quota (429), whatever length the request declared. A file multer refuses after it was stored
 * (a part past the limits, a file that finished after the abort) is taken back through OrphanFilesService.discard,
 * as the gate's.
 */
export function fileStorageEngine<T extends PutFile>(
  storage: FileStorage,
  maxBytes: number,
  orphans: Pick<OrphanFilesService, 'discard'>,
  store: StoreUpload<T>,
): StorageEngine {
  return {
    _handleFile(req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<UploadedFile<T>>) => void) {
      const allowance = uploadAllowance(req);
      const quotaFirst = allowance !== undefined && allowance.reservedBytes < maxBytes;
      const limit = quotaFirst ? allowance.reservedBytes : maxBytes;
      store(storage, file.stream, limit)
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
    _removeFile(_req: Request, file: Partial<UploadedFile>, callback: (error: Error | null) => void) {
      // discard keeps a file another row names or another upload refreshed; a fault leaves it to the sweep.
      if (!file.stored) return callback(null);
      orphans.discard(file.stored).then(
        () => callback(null),
        () => callback(null),
      );
    },
  };
}
