import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ScheduledJobName } from '../queue/scheduled-job';
import { ScheduledJobRegistry } from '../queue/scheduled-job.registry';
import { OrphanFilesService } from './orphan-files.service';

/** The worker's side of the file storage: the scheduled sweep of orphaned files (sweep-orphan-files). */
@Module({})
export class UploadsWorkerModule implements OnModuleInit {
  constructor(
    private readonly registry: ScheduledJobRegistry,
    private readonly orphans: OrphanFilesService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: ScheduledJobName.SweepOrphanFiles,
      everyMs: this.config.UPLOAD_SWEEP_EVERY_SECONDS * 1000,
      run: () => this.orphans.sweep(),
    });
  }
}
