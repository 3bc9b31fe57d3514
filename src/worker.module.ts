import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';

/** The queue worker: the processors of the scoring, exports and imports queues (added by their features). */
@Module({
  imports: [CoreModule],
})
export class WorkerModule {}
