import type { Readable } from 'node:stream';
import type { FileStorage, PutFile } from '../storage/file-storage';
import type { UploadedFile } from '../storage/file-storage.multer-engine';
import { DetectedFileType, sniffUpload } from '../storage/file-type';
import { inspectEvidenceArchive } from './inspect-evidence-archive';

/** An evidence file as stored: what an Evidence row records (mimeType = type.mime, sizeBytes, sha256, storageKey = key). */
export interface StoredEvidenceFile extends PutFile {
  readonly type: DetectedFileType;
}

/** An evidence file as multer hands it to a route (the evidence uploads' storage engine stores it with storeEvidenceFile). */
export type UploadedEvidenceFile = UploadedFile<StoredEvidenceFile>;

/**
 * Stores an uploaded evidence file: refused with FileTooLargeError (413) past `maxBytes` (UPLOAD_MAX_BYTES), with
 * UnsupportedFileTypeError (422, field `file`) unless its content is an allowed type, and with
 * EvidenceArchiveRefusedError (422) for an office document over the zip, row or column limits (a zip bomb a reviewer
 * would download); nothing is stored when refused.
 */
export async function storeEvidenceFile(storage: FileStorage, source: Readable, maxBytes: number): Promise<StoredEvidenceFile> {
  const found: { type?: DetectedFileType } = {};
  const stored = await storage.put(source, {
    maxBytes,
    verify: async (file) => {
      const type = await sniffUpload(file.path);
      await inspectEvidenceArchive(file.path, type);
      found.type = type;
    },
  });
  if (!found.type) throw new Error('the storage did not run verify');
  return { ...stored, type: found.type };
}
