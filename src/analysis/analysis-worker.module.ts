import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Analysis } from './analysis.entity';
import { AnalysisProcessor } from './analysis.processor';

/** The analysis queue's processor, for the worker process. */
@Module({ imports: [TypeOrmModule.forFeature([Analysis])], providers: [AnalysisProcessor] })
export class AnalysisWorkerModule {}
