import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError } from '../storage/file-storage';
import { UnsupportedFileTypeError } from '../storage/file-type';
import { LocalFolderStorage } from '../storage/local-folder.storage';
import { storeEvidenceFile } from './store-evidence-file';

describe('storeEvidenceFile', () => {
  let root: string;
  let storage: LocalFolderStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dti-evidence-'));
    storage = new LocalFolderStorage(root);
    await storage.init();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const blobs = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());

  it('stores an allowed file with its detected type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const stored = await storeEvidenceFile(storage, Readable.from([pdf]), 1024);
    expect(stored.type).toEqual({ mime: 'application/pdf', ext: 'pdf' });
    expect(stored.sizeBytes).toBe(pdf.length);
    expect(await storage.exists(stored.key)).toBe(true);
  });

  it('refuses a renamed HTML page or executable and stores nothing', async () => {
    await expect(storeEvidenceFile(storage, Readable.from([Buffer.from('<!doctype html><p>x')]), 1024)).rejects.toBeInstanceOf(
      UnsupportedFileTypeError,
    );
    await expect(storeEvidenceFile(storage, Readable.from([Buffer.from('MZ\x90\x00')]), 1024)).rejects.toThrow(
      /^file: the content is application\/vnd\.microsoft\.portable-executable/,
    );
    expect(await blobs()).toEqual([]);
  });

  it('refuses a file over the limit before looking at its type', async () => {
    await expect(storeEvidenceFile(storage, Readable.from([Buffer.alloc(2048, 0x25)]), 1024)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await blobs()).toEqual([]);
  });
});
