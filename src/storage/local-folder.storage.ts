import { createHash, randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  FileStorage,
  FileTooLargeError,
  InvalidStorageKeyError,
  PutFile,
  PutOptions,
  StoredFile,
  StoredFileInfo,
  StoredFileNotFoundError,
  isValidStorageKey,
  storageKeyFor,
} from './file-storage';

/** Uploads in progress, inside the root so that the final rename stays on one file system (and is atomic). */
const INCOMING = '.incoming';
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * FileStorage in a local folder: `<root>/ab/cd/<sha256>`. An upload is written to `<root>/.incoming/<uuid>.part`
 * while it is hashed and counted, then renamed into place, so a reader never sees a partial file and a crash leaves
 * at most a temporary file (swept at start by init).
 */
export class LocalFolderStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Creates the folder and removes temporary files older than `staleAfterMs` left by a crash. */
  async init(staleAfterMs = 24 * 60 * 60 * 1000): Promise<void> {
    await mkdir(join(this.root, INCOMING), { recursive: true, mode: 0o750 });
    await this.removeStaleParts(staleAfterMs);
  }

  async removeStaleParts(staleAfterMs: number): Promise<number> {
    const now = Date.now();
    let removed = 0;
    for (const name of await readdir(join(this.root, INCOMING)).catch(() => [])) {
      const path = join(this.root, INCOMING, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > staleAfterMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async put(source: Readable, opts: PutOptions): Promise<PutFile> {
    const { maxBytes, verify } = opts;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a whole number >= 0`);
    if (source.destroyed || source.readableEnded) throw new Error('the upload stream is already consumed or destroyed');
    const incoming = join(this.root, INCOMING);
    await mkdir(incoming, { recursive: true, mode: 0o750 });
    // A source that failed or closed while the folder was made gave its 'close' before anyone listened for it.
    if (source.destroyed) throw source.errored ?? new Error('the upload stream closed before its end');
    const temp = join(incoming, `${randomUUID()}.part`);

    const hash = createHash('sha256');
    let sizeBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return callback(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o640, flush: true });
    // The source is piped rather than handed to pipeline, so that a failure does not destroy it (see FileStorage.put).
    const onSourceError = (err: Error) => meter.destroy(err);
    const onSourceClose = () => {
      if (!source.readableEnded) meter.destroy(new Error('the upload stream closed before its end'));
    };
    source.on('error', onSourceError);
    source.on('close', onSourceClose);
    source.pipe(meter);
    try {
      await pipeline(meter, out);
      await closed(out);
      const sha256 = hash.digest('hex');
      const stored: StoredFile = { key: storageKeyFor(sha256), sizeBytes, sha256 };
      if (verify) await verify({ ...stored, path: temp });
      return { ...stored, ...(await this.commit(temp, stored.key)) };
    } catch (err) {
      source.unpipe(meter);
      meter.destroy();
      out.destroy();
      // The write stream may still be opening its file: wait, or the file would appear after it was removed.
      await closed(out);
      throw err;
    } finally {
      source.off('error', onSourceError);
      source.off('close', onSourceClose);
      await rm(temp, { force: true });
    }
  }

  /** Moves the temporary file into place, or, if that content is already stored, keeps the stored file. */
  private async commit(temp: string, key: string): Promise<{ created: boolean; modifiedAtMs: number }> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o750 });
    const existing = await stat(target).catch(() => null);
    if (existing?.isFile()) {
      // Same sha256, same bytes. Refresh the time so that a collection sweep's grace period covers this upload, always
      // later than it was: removeIfIdle tells a refreshed file from the one a refused upload wrote by its time.
      const now = new Date(Math.max(Date.now(), Math.floor(existing.mtimeMs) + 1));
      try {
        await utimes(target, now, now);
        return { created: false, modifiedAtMs: now.getTime() };
      } catch (err) {
        // Swept between the stat and here: this upload stores its own copy.
        if (!isNotFound(err)) throw err;
      }
    }
    // Two uploads of the same content may race here: rename replaces atomically, and both files hold the same bytes.
    await rename(temp, target);
    return { created: true, modifiedAtMs: (await stat(target)).mtimeMs };
  }

  async *list(): AsyncIterable<StoredFileInfo> {
    const hex2 = /^[0-9a-f]{2}$/;
    for (const a of (await readdir(this.root).catch(() => [])).filter((n) => hex2.test(n)).sort()) {
      for (const b of (await readdir(join(this.root, a)).catch(() => [])).filter((n) => hex2.test(n)).sort()) {
        for (const name of await readdir(join(this.root, a, b)).catch(() => [])) {
          const key = `${a}/${b}/${name}`;
          if (!isValidStorageKey(key)) continue;
          const info = await stat(join(this.root, a, b, name)).catch(() => null);
          if (info?.isFile()) yield { key, sizeBytes: info.size, modifiedAtMs: info.mtimeMs };
        }
      }
    }
  }

  async removeIfIdle(key: string, notAfterMs: number): Promise<boolean> {
    const path = this.pathOf(key);
    const before = await stat(path).catch(() => null);
    if (!before?.isFile() || before.mtimeMs > notAfterMs) return false;
    const aside = join(this.root, INCOMING, `${randomUUID()}.removed`);
    try {
      await rename(path, aside);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    const after = await stat(aside);
    if (after.mtimeMs > notAfterMs) {
      // A put of these bytes refreshed it between the stat and the rename: back in place, unless a put has already
      // stored its own copy there (link refuses to replace it; the bytes are the same).
      await link(aside, path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      await rm(aside, { force: true });
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, constants.O_RDONLY | O_NOFOLLOW);
      return handle.createReadStream();
    } catch (err) {
      if (isNotFound(err)) throw new StoredFileNotFoundError(key);
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch((err: unknown) => {
      if (isNotFound(err)) return null;
      throw err;
    });
    return info?.isFile() ?? false;
  }

  /** The file of a key; refuses anything but `ab/cd/<sha256>` so that no key can reach outside the root. */
  private pathOf(key: string): string {
    if (!isValidStorageKey(key)) throw new InvalidStorageKeyError(String(key));
    const path = resolve(this.root, ...key.split('/'));
    const rel = relative(this.root, path);
    if (rel.startsWith('..') || rel.split(sep).length !== 3) throw new InvalidStorageKeyError(key);
    return path;
  }
}

function closed(stream: Writable): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((done) => stream.once('close', () => done()));
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
