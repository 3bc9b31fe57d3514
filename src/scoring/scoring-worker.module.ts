import { Module } from '@nestjs/common';
import { ScoreRunProcessor } from './score-run.processor';

/** The scoring queue's processor, for the worker process. */
@Module({ providers: [ScoreRunProcessor] })
export class ScoringWorkerModule {}
