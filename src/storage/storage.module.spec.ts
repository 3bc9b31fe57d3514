import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { StorageModule } from './storage.module';
import { FILE_STORAGE, FileStorage } from './file-storage';
import { LocalFolderStorage } from './local-folder.storage';

describe('StorageModule', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dti-module-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('provides FILE_STORAGE as a LocalFolderStorage in UPLOAD_DIR, creating the folder', async () => {
    const uploadDir = join(root, 'var', 'uploads');
    @Global()
    @Module({ providers: [{ provide: AppConfig, useValue: { UPLOAD_DIR: uploadDir } }], exports: [AppConfig] })
    class FakeConfigModule {}

    const moduleRef = await Test.createTestingModule({ imports: [FakeConfigModule, StorageModule] }).compile();
    const storage = moduleRef.get<FileStorage>(FILE_STORAGE);
    expect(storage).toBeInstanceOf(LocalFolderStorage);
    expect((storage as LocalFolderStorage).root).toBe(uploadDir);
    expect((await stat(uploadDir)).isDirectory()).toBe(true);

    const { key } = await storage.put(Readable.from([Buffer.from('%PDF-1.7')]), { maxBytes: 1024 });
    expect(await storage.exists(key)).toBe(true);
    await moduleRef.close();
  });
});
