import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
import { PlausibilityService } from './plausibility.service';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';
import { SystemValuesImportHandler } from './system-values/system-values-import.handler';
import { SystemValuesController } from './system-values/system-values.controller';
import { TemplateImportHandler } from './template/template-import.handler';
import { TemplateController } from './template/template.controller';
import { TemplateService } from './template/template.service';
import { SubmissionUploadChecks } from './upload-checks';
import { Answer } from './answer.entity';
import { Evidence } from './evidence.entity';
import { ImportJob } from './import-job.entity';
import { Submission } from './submission.entity';
import { SystemValue } from './system-value.entity';

/** Self-assessments: answers, evidence, the Excel template and imports (their jobs run in SubmissionsWorkerModule). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Answer, Evidence, ImportJob, Submission, SystemValue]),
    CyclesModule,
    FrameworksModule,
    storedUploadsModule(storeEvidenceFile),
  ],
  controllers: [SubmissionsController, EvidenceController, TemplateController, ImportsController, SystemValuesController],
  providers: [
    SubmissionsService,
    PlausibilityService,
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
