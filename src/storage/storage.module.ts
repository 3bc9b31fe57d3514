import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FILE_STORAGE } from './file-storage';
import { LocalFolderStorage } from './local-folder.storage';

/**
 * Provides FILE_STORAGE (inject with @InjectFileStorage()) app-wide: a LocalFolderStorage in UPLOAD_DIR (relative to
 * the working directory), created at start if missing, with temporary files left by a crash swept.
 */
@Global()
@Module({
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<LocalFolderStorage> => {
        const storage = new LocalFolderStorage(config.UPLOAD_DIR);
        await storage.init();
        return storage;
      },
    },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
