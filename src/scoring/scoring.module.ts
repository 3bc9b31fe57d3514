import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoreRunJobs } from './score-run-job';
import { ScoringController } from './scoring.controller';
import { ScoringProducer } from './scoring.producer';
import { ScoringService } from './scoring.service';
import { ScoreResult } from './score-result.entity';
import { ScoreRun } from './score-run.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ScoreResult, ScoreRun]), CyclesModule],
  controllers: [ScoringController],
  providers: [ScoringService, ScoringProducer, ScoreRunJobs],
  exports: [ScoringService],
})
export class ScoringModule {}
