import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { storedUploadsModule } from '../storage/stored-uploads.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { ImportHandlerRegistry } from './imports/import-handler.registry';
import { ImportsController } from './imports/imports.controller';
import { ImportsProducer } from './imports/imports.producer';
import { ImportsService } from './imports/imports.service';
import { storeEvidenceFile } from './store-evidence-file';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';
import { SystemValuesImportHandler } from './system-values/system-values-import.handler';
import { SystemValuesController } from './system-values/system-values.controller';
import { TemplateImportHandler } from './template/template-import.handler';
import { TemplateController } from './template/template.controller';
import { TemplateService } from './template/template.service';
import { SubmissionUploadChecks } from './upload-checks';

/** Self-assessments: answers, evidence, the Excel template and imports (their jobs run in SubmissionsWorkerModule). */
@Module({
  imports: [
    CyclesModule,
    FrameworksModule,
    storedUploadsModule(storeEvidenceFile),
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
    SubmissionUploadChecks,
  ],
  exports: [SubmissionsService, EvidenceService, SubmissionAccessRegistry, ImportsService, ImportHandlerRegistry, TemplateService],
})
export class SubmissionsModule {}
