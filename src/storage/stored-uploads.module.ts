import type { DynamicModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { FILE_STORAGE, type FileStorage, type PutFile } from './file-storage';
import { fileStorageEngine, type StoreUpload } from './file-storage.multer-engine';
import { OrphanFilesService } from './orphan-files.service';

/**
 * The one upload configuration of the routes that keep an uploaded file in the FileStorage (the API's and the pages'):
 * the feature's `store` behind fileStorageEngine, up to UPLOAD_MAX_BYTES, one file and a few short fields. Import it
 * in the module of the routes' controllers: a FileInterceptor reads the multer options of its own module.
 */
export function storedUploadsModule<T extends PutFile>(store: StoreUpload<T>): DynamicModule {
  return MulterModule.registerAsync({
    inject: [AppConfig, FILE_STORAGE, OrphanFilesService],
    useFactory: (config: AppConfig, storage: FileStorage, orphans: OrphanFilesService) => ({
      storage: fileStorageEngine(storage, config.UPLOAD_MAX_BYTES, orphans, store),
      limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
      // Browsers send file names as UTF-8 without saying so; busboy's default would mangle Vietnamese names.
      defParamCharset: 'utf8',
    }),
  });
}
