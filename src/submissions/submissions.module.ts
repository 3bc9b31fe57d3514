import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { CyclesModule } from '../cycles/cycles.module';
import { FILE_STORAGE, type FileStorage } from '../evidence/file-storage';
import { fileStorageEngine } from '../evidence/file-storage.multer-engine';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [
    CyclesModule,
    FrameworksModule,
    MulterModule.registerAsync({
      inject: [AppConfig, FILE_STORAGE],
      useFactory: (config: AppConfig, storage: FileStorage) => ({
        storage: fileStorageEngine(storage, config.UPLOAD_MAX_BYTES),
        limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
        // Browsers send file names as UTF-8 without saying so; busboy's default would mangle Vietnamese names.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [SubmissionsController, EvidenceController],
  providers: [SubmissionsService, EvidenceService, SubmissionAccessRegistry],
  exports: [SubmissionsService, EvidenceService, SubmissionAccessRegistry],
})
export class SubmissionsModule {}
