import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ScheduledJobName } from '../queue/scheduled-job';
import { ScheduledJobRegistry } from '../queue/scheduled-job.registry';
import { PublicationIntegrityService } from './publication-integrity.service';
import { PublicationProcessor } from './publication.processor';
import { PublicationsModule } from './publications.module';

/**
 * The worker's side of publications: the publication queue's processor (publishing and correcting, issue #23) and
 * the scheduled check of every publication (verify-publications).
 */
@Module({ imports: [PublicationsModule], providers: [PublicationProcessor] })
export class PublicationsWorkerModule implements OnModuleInit {
  constructor(
    private readonly registry: ScheduledJobRegistry,
    private readonly integrity: PublicationIntegrityService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: ScheduledJobName.VerifyPublications,
      everyMs: this.config.PUBLICATION_CHECK_EVERY_SECONDS * 1000,
      run: async () => ({ ...(await this.integrity.checkAll()) }),
    });
  }
}
