import { Module } from '@nestjs/common';
import { CoreModule } from '../core.module';
import { PublicationsModule } from '../publications/publications.module';

/**
 * The publish benchmark's child context (publish-child.ts): the infrastructure and publications, as the command line
 * has them for `publication:verify`, and nothing of the bench's own (no scoring worker, no fixture).
 */
@Module({ imports: [CoreModule, PublicationsModule] })
export class PublishBenchModule {}
