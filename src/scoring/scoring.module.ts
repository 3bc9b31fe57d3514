import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoreRunJobs } from './score-run-job';
import { ScoringController } from './scoring.controller';
import { ScoringProducer } from './scoring.producer';
import { ScoringService } from './scoring.service';

@Module({
  imports: [CyclesModule],
  controllers: [ScoringController],
  providers: [ScoringService, ScoringProducer, ScoreRunJobs],
  exports: [ScoringService],
})
export class ScoringModule {}
