import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [CyclesModule, FrameworksModule],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, SubmissionAccessRegistry],
  exports: [SubmissionsService, SubmissionAccessRegistry],
})
export class SubmissionsModule {}
