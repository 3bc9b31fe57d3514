import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import {
  FileTooLargeError,
  InvalidStorageKeyError,
  isValidStorageKey,
  storageKeyFor,
  StoredFileNotFoundError,
  type StoredFile,
} from './file-storage';
import { LocalFolderStorage } from './local-folder.storage';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under root, as paths relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** A stream of `count` chunks of `chunkSize` bytes that records how many were pulled. */
function chunked(count: number, chunkSize: number) {
  const state = { pulled: 0 };
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        yield Buffer.alloc(chunkSize, i % 251);
      }
    })(),
  );
  return { stream, state };
}

describe('LocalFolderStorage', () => {
  let root: string;
  let storage: LocalFolderStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dti-uploads-'));
    storage = new LocalFolderStorage(join(root, 'uploads'));
    await storage.init();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores a stream under its sha256, which equals node:crypto over the same bytes', async () => {
    const data = randomBytes(300_000);
    const stored = await storage.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), { maxBytes: 1_000_000 });
    expect(stored).toMatchObject({ key: `${sha256(data).slice(0, 2)}/${sha256(data).slice(2, 4)}/${sha256(data)}`, sizeBytes: data.length, sha256: sha256(data), created: true });
    expect(isValidStorageKey(stored.key)).toBe(true);
    expect((await readFile(join(storage.root, ...stored.key.split('/')))).equals(data)).toBe(true);
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await filesUnder(storage.root)).toEqual([join(...stored.key.split('/'))]);
  });

  it('open streams the same bytes back', async () => {
    const data = randomBytes(200_000);
    const { key } = await storage.put(Readable.from([data]), { maxBytes: data.length });
    const back = await readAll(await storage.open(key));
    expect(back.length).toBe(data.length);
    expect(back.equals(data)).toBe(true); // Buffer#equals: jest's toEqual walks 200,000 bytes one by one
    expect(sha256(back)).toBe(sha256(data));
    expect(await text(await storage.open(key))).toBe(data.toString());
  });

  it('stores the same content once, however often and concurrently it is uploaded', async () => {
    const data = Buffer.from('Quyết định số 749/QĐ-TTg');
    const first = await storage.put(Readable.from([data]), { maxBytes: 1024 });
    const again = await Promise.all(
      Array.from({ length: 5 }, (_, i) => storage.put(Readable.from([data.subarray(0, i), data.subarray(i)]), { maxBytes: 1024 })),
    );
    const stored = ({ key, sizeBytes, sha256: hash }: StoredFile) => ({ key, sizeBytes, sha256: hash });
    for (const put of again) expect(stored(put)).toEqual(stored(first));
    // Only the first wrote the file; each later one refreshed it, always to a later time.
    expect(first.created).toBe(true);
    expect(again.every((put) => !put.created && put.modifiedAtMs > first.modifiedAtMs)).toBe(true);
    expect(await filesUnder(storage.root)).toEqual([join(...first.key.split('/'))]);
  });

  it('refreshes the modification time of content that is already stored', async () => {
    const data = Buffer.from('same bytes');
    const { key } = await storage.put(Readable.from([data]), { maxBytes: 1024 });
    const path = join(storage.root, ...key.split('/'));
    const old = new Date('2020-01-01T00:00:00Z');
    await utimes(path, old, old);
    await storage.put(Readable.from([data]), { maxBytes: 1024 });
    expect((await stat(path)).mtimeMs).toBeGreaterThan(old.getTime());
  });

  it('accepts exactly maxBytes and an empty file', async () => {
    await expect(storage.put(Readable.from([Buffer.alloc(4096, 1)]), { maxBytes: 4096 })).resolves.toMatchObject({ sizeBytes: 4096 });
    await expect(storage.put(Readable.from([]), { maxBytes: 4096 })).resolves.toMatchObject({
      key: storageKeyFor(sha256(Buffer.alloc(0))),
      sizeBytes: 0,
      sha256: sha256(Buffer.alloc(0)),
    });
  });

  it('refuses one byte over the limit with a 413 naming the limit', async () => {
    const error = (await storage.put(Readable.from([Buffer.alloc(4097, 1)]), { maxBytes: 4096 }).catch((e: unknown) => e)) as FileTooLargeError;
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error.limitBytes).toBe(4096);
    expect(error.code).toBe(ErrorCode.PayloadTooLarge);
    expect(ERROR_STATUS[error.code]).toBe(413);
    expect(error.message).toBe('file: larger than the limit of 4096 bytes (4 KiB)');
    expect(error.details).toEqual([{ field: 'file', rule: 'maxBytes', message: 'larger than the limit of 4096 bytes (4 KiB)' }]);
    expect(await filesUnder(storage.root)).toEqual([]);
  });

  it('stops mid-stream as soon as the limit is passed, and leaves no file behind', async () => {
    const { stream, state } = chunked(1000, 64 * 1024); // 64 MB offered, 1 MB allowed
    await expect(storage.put(stream, { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(state.pulled).toBeLessThan(40);
    expect(await filesUnder(storage.root)).toEqual([]);
    expect(await readdir(join(storage.root, '.incoming'))).toEqual([]);
    // The caller owns the source: it is not destroyed, so an HTTP handler may drain it and answer 413.
    expect(stream.destroyed).toBe(false);
    stream.destroy();
  });

  it('leaves nothing behind when the source fails or closes before its end', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(10_000, 1);
        throw new Error('connection reset');
      })(),
    );
    await expect(storage.put(failing, { maxBytes: 1_000_000 })).rejects.toThrow('connection reset');

    const aborted = new Readable({ read() {} });
    aborted.push(Buffer.alloc(10_000, 2));
    setTimeout(() => aborted.destroy(), 10);
    await expect(storage.put(aborted, { maxBytes: 1_000_000 })).rejects.toThrow('closed before its end');

    expect(await filesUnder(storage.root)).toEqual([]);
  });

  it('refuses a source that closes while its folder is being made (its close event comes before put listens)', async () => {
    const early = new Readable({ read() {} });
    early.push(Buffer.alloc(10_000, 3));
    const put = storage.put(early, { maxBytes: 1_000_000 });
    early.destroy();
    await expect(put).rejects.toThrow('closed before its end');
    expect(await filesUnder(storage.root)).toEqual([]);
  });

  it('runs verify on the complete file before storing it, and stores nothing if verify refuses', async () => {
    const data = Buffer.from('%PDF-1.4 not really');
    const seen: { path: string; content: Buffer; sha256: string }[] = [];
    const stored = await storage.put(Readable.from([data]), {
      maxBytes: 1024,
      verify: async (file) => {
        seen.push({ path: file.path, content: await readFile(file.path), sha256: file.sha256 });
      },
    });
    expect(seen).toEqual([{ path: expect.stringContaining('.incoming'), content: data, sha256: stored.sha256 }]);

    const other = Buffer.from('<html>');
    await expect(
      storage.put(Readable.from([other]), {
        maxBytes: 1024,
        verify: () => Promise.reject(new Error('refused by verify')),
      }),
    ).rejects.toThrow('refused by verify');
    expect(await storage.exists(storageKeyFor(sha256(other)))).toBe(false);
    expect(await filesUnder(storage.root)).toEqual([join(...stored.key.split('/'))]);
  });

  it('refuses keys that are not ab/cd/<sha256>, so that none escapes the folder', async () => {
    const secret = join(root, 'secret.txt');
    await writeFile(secret, 'top secret');
    const good = storageKeyFor(sha256(Buffer.from('x')));
    const bad = [
      '../secret.txt',
      '../../etc/passwd',
      '/etc/passwd',
      `${good.slice(0, 6)}../../../secret.txt`,
      `${good}/..`,
      `ab/cd/../../${good}`,
      `..\\secret.txt`,
      good.replace(/\//g, '\\'),
      good.toUpperCase(),
      `ff/ff/${good.slice(6)}`, // folders that do not match the hash
      `${good}\0`,
      '.incoming/x.part',
      '',
    ];
    for (const key of bad) {
      expect({ key, valid: isValidStorageKey(key) }).toEqual({ key, valid: false });
      await expect(storage.open(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.remove(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await readFile(secret, 'utf8')).toBe('top secret');
    expect(() => storageKeyFor('../etc')).toThrow(InvalidStorageKeyError);
  });

  it('open of a key with no file is a 404; remove deletes, and removing twice is fine', async () => {
    const { key } = await storage.put(Readable.from([Buffer.from('to remove')]), { maxBytes: 1024 });
    await storage.remove(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.remove(key)).resolves.toBeUndefined();
    const error = (await storage.open(key).catch((e: unknown) => e)) as StoredFileNotFoundError;
    expect(error).toBeInstanceOf(StoredFileNotFoundError);
    expect(ERROR_STATUS[error.code]).toBe(404);
  });

  it('init creates the folder and sweeps stale temporary files, keeping fresh ones', async () => {
    const fresh = new LocalFolderStorage(join(root, 'a', 'b', 'c'));
    await fresh.init();
    expect((await stat(fresh.root)).isDirectory()).toBe(true);

    const incoming = join(storage.root, '.incoming');
    await mkdir(incoming, { recursive: true });
    await writeFile(join(incoming, 'stale.part'), 'x');
    await writeFile(join(incoming, 'live.part'), 'y');
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(join(incoming, 'stale.part'), old, old);
    await storage.init();
    expect(await readdir(incoming)).toEqual(['live.part']);
  });

  it('lists the stored files, and removeIfIdle removes one only if it was not written after the time given', async () => {
    const a = await storage.put(Readable.from([Buffer.from('orphan a')]), { maxBytes: 1024 });
    const b = await storage.put(Readable.from([Buffer.from('orphan b')]), { maxBytes: 1024 });
    const listed: string[] = [];
    for await (const file of storage.list()) listed.push(file.key);
    expect(listed.sort()).toEqual([a.key, b.key].sort());

    expect(await storage.removeIfIdle(a.key, a.modifiedAtMs - 1)).toBe(false);
    expect(await storage.removeIfIdle(a.key, a.modifiedAtMs)).toBe(true);
    expect(await storage.exists(a.key)).toBe(false);
    // An upload of the same bytes after b was written: a refusal of b's own upload must not remove it.
    await storage.put(Readable.from([Buffer.from('orphan b')]), { maxBytes: 1024 });
    expect(await storage.removeIfIdle(b.key, b.modifiedAtMs)).toBe(false);
    expect(await storage.exists(b.key)).toBe(true);
    expect(await readdir(join(storage.root, '.incoming'))).toEqual([]);
  });
});
