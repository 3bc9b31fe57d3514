import { Module } from '@nestjs/common';
import { ImportsProcessor } from './imports/imports.processor';
import { SubmissionsModule } from './submissions.module';

/** The imports queue's processor, for the worker process. */
@Module({
  imports: [SubmissionsModule],
  providers: [ImportsProcessor],
})
export class SubmissionsWorkerModule {}
