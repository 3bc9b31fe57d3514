import type { Request } from 'express';
import type { FileStorage, PutFile } from './file-storage';
import { fileStorageEngine, type UploadedFile } from './file-storage.multer-engine';

describe('fileStorageEngine._removeFile', () => {
  const stored = { key: 'ab/cd/abcd', sizeBytes: 10, sha256: 'abcd', created: true, modifiedAtMs: 1 } as PutFile;
  const remove = (orphans: { discard: jest.Mock }, file: Partial<UploadedFile>) =>
    new Promise<Error | null>((resolve) => fileStorageEngine({} as FileStorage, 1024, orphans, jest.fn())._removeFile({} as Request, file as Express.Multer.File, resolve));

  it('takes back a file multer refused after it was stored, through the same discard as the gate', async () => {
    const orphans = { discard: jest.fn().mockResolvedValue(true) };
    await expect(remove(orphans, { stored: stored })).resolves.toBeNull();
    expect(orphans.discard).toHaveBeenCalledWith(stored);
  });

  it('answers multer without an error when the discard fails (the sweep takes the file later) or nothing was stored', async () => {
    const failing = { discard: jest.fn().mockRejectedValue(new Error('disk gone')) };
    await expect(remove(failing, { stored: stored })).resolves.toBeNull();
    const idle = { discard: jest.fn() };
    await expect(remove(idle, {})).resolves.toBeNull();
    expect(idle.discard).not.toHaveBeenCalled();
  });
});
