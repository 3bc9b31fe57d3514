import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { CyclesModule } from '../cycles/cycles.module';
import { FILE_STORAGE, type FileStorage } from '../evidence/file-storage';
import { fileStorageEngine } from '../evidence/file-storage.multer-engine';
import { OrphanFilesService } from '../evidence/orphan-files.service';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { ImportHandlerRegistry } from './imports/import-handler.registry';
import { ImportsController } from './imports/imports.controller';
import { ImportsProducer } from './imports/imports.producer';
import { ImportsService } from './imports/imports.service';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';
import { SystemValuesImportHandler } from './system-values/system-values-import.handler';
import { SystemValuesController } from './system-values/system-values.controller';
import { TemplateImportHandler } from './template/template-import.handler';
import { TemplateController } from './template/template.controller';
import { TemplateService } from './template/template.service';
import { EvidenceUploadCheck, SystemValuesUploadCheck, TemplateUploadCheck } from './upload-checks';

/** Self-assessments: answers, evidence, the Excel template and imports (their jobs run in SubmissionsWorkerModule). */
@Module({
  imports: [
    CyclesModule,
    FrameworksModule,
    MulterModule.registerAsync({
      inject: [AppConfig, FILE_STORAGE, OrphanFilesService],
      useFactory: (config: AppConfig, storage: FileStorage, orphans: OrphanFilesService) => ({
        storage: fileStorageEngine(storage, config.UPLOAD_MAX_BYTES, orphans),
        limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
        // Browsers send file names as UTF-8 without saying so; busboy's default would mangle Vietnamese names.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [SubmissionsController, EvidenceController, TemplateController, ImportsController, SystemValuesController],
  providers: [
    SubmissionsService,
    EvidenceService,
    SubmissionAccessRegistry,
    TemplateService,
    ImportsService,
    ImportsProducer,
    ImportHandlerRegistry,
    TemplateImportHandler,
    SystemValuesImportHandler,
    EvidenceUploadCheck,
    TemplateUploadCheck,
    SystemValuesUploadCheck,
  ],
  exports: [SubmissionsService, EvidenceService, SubmissionAccessRegistry, ImportsService, ImportHandlerRegistry, TemplateService],
})
export class SubmissionsModule {}
