import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { FeedBatch } from './feed-batch.entity';
import { FeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';

/** The feeds of national systems: the push API of the service accounts, its batches (issue #21). */
@Module({
  imports: [TypeOrmModule.forFeature([FeedBatch]), CyclesModule, FrameworksModule],
  controllers: [FeedsController],
  providers: [FeedsService],
  exports: [FeedsService],
})
export class FeedsModule {}
