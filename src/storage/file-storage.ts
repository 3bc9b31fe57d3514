import { Inject } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';

/** A file kept by a FileStorage: its key (what Evidence.storageKey holds), size and sha256 (lowercase hex). */
export interface StoredFile {
  readonly key: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** What put stored: `created` when no copy of these bytes was stored before, and the file's write time then. */
export interface PutFile extends StoredFile {
  readonly created: boolean;
  readonly modifiedAtMs: number;
}

/** A stored file as the sweep sees it: its key and when it was last written (or refreshed by a put of its bytes). */
export interface StoredFileInfo {
  readonly key: string;
  readonly sizeBytes: number;
  readonly modifiedAtMs: number;
}

/** A complete upload not yet committed to the storage: a local temporary file, valid only during `verify`. */
export interface StagedFile extends StoredFile {
  readonly path: string;
}

export interface PutOptions {
  /** More bytes than this and the upload is abandoned with FileTooLargeError (as soon as they arrive). */
  readonly maxBytes: number;
  /**
   * Runs on the complete file before it is committed, e.g. `(f) => sniffUpload(f.path)`. If it rejects, the file is
   * discarded (nothing is stored) and its error is rethrown by put.
   */
  readonly verify?: (file: StagedFile) => Promise<unknown>;
}

/**
 * Where evidence files live. Keys are content-addressed: `ab/cd/<sha256>` (the first two byte pairs of the sha256
 * as folders), so the same content uploaded twice, by any unit, is stored once and both Evidence rows hold the same
 * key.
 *
 * Removal policy: because a blob may be shared by several Evidence rows, the evidence API never calls `remove` when
 * a row is deleted; it deletes the row only. `remove` is for a garbage-collection sweep that deletes blobs no row
 * references and that were not written within a grace period (put refreshes a blob's modification time when it
 * finds the content already stored, so an upload in flight whose row is not yet inserted is not collected).
 */
export interface FileStorage {
  /**
   * Streams `source` into the storage while hashing and counting it. Rejects with FileTooLargeError as soon as more
   * than `maxBytes` bytes arrive, with the source's own error if it fails, or with `verify`'s error; in every such
   * case nothing is left behind. The source is not destroyed on failure: the caller decides whether to drain it
   * (to answer 413 on the same connection) or destroy it.
   */
  put(source: Readable, opts: PutOptions): Promise<PutFile>;
  /**
   * The stored bytes. Rejects with StoredFileNotFoundError if there is no such file, with InvalidStorageKeyError if
   * the key is malformed.
   */
  open(key: string): Promise<Readable>;
  /** Deletes the file; a missing file is not an error. See the removal policy above: never from the API path. */
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored file (not the uploads in progress), for the sweep; a file removed meanwhile may or may not appear. */
  list(): AsyncIterable<StoredFileInfo>;
  /**
   * Removes the file only if it was last written at or before `notAfterMs` (the sweep's grace, or the time a refused
   * upload wrote it), judged after it is set aside atomically: a put of the same bytes that refreshes it meanwhile
   * keeps it (or stores its own copy). True if it was removed. For the sweep and refused uploads only.
   */
  removeIfIdle(key: string, notAfterMs: number): Promise<boolean>;
  /** Removes uploads in progress (temporary files) older than `staleAfterMs`, left by a crash; how many. */
  removeStaleParts(staleAfterMs: number): Promise<number>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');
export const InjectFileStorage = () => Inject(FILE_STORAGE);

const KEY = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** The key of content with this sha256 (lowercase hex). */
export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new InvalidStorageKeyError(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Whether a key is one this storage could have made: `ab/cd/<sha256>` with ab and cd its first hex digits. */
export function isValidStorageKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const m = KEY.exec(key);
  return m !== null && m[3].startsWith(m[1] + m[2]);
}

/** The upload is larger than the limit of the settings (UPLOAD_MAX_BYTES): 413, field `file`, naming the limit. */
export class FileTooLargeError extends DomainException {
  constructor(readonly limitBytes: number) {
    const message = `larger than the limit of ${limitBytes} bytes (${formatBytes(limitBytes)})`;
    super(ErrorCode.PayloadTooLarge, `file: ${message}`, [{ field: 'file', rule: 'maxBytes', message }]);
    this.name = 'FileTooLargeError';
  }
}

/** No stored file has this key (its blob was collected or lost): 404. */
export class StoredFileNotFoundError extends DomainException {
  constructor(readonly key: string) {
    super(ErrorCode.NotFound, 'the evidence file is not in the storage');
    this.name = 'StoredFileNotFoundError';
  }
}

/**
 * A key that this storage never makes (e.g. `../../etc/passwd`). Keys come from Evidence rows, never from clients,
 * so this is a server fault (500), not a client error.
 */
export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'InvalidStorageKeyError';
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
