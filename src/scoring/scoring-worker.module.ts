import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoreResult } from './score-result.entity';
import { ScoreRun } from './score-run.entity';
import { ScoreRunProcessor } from './score-run.processor';

/** The scoring queue's processor, for the worker process. */
@Module({ imports: [TypeOrmModule.forFeature([ScoreResult, ScoreRun])], providers: [ScoreRunProcessor] })
export class ScoringWorkerModule {}
