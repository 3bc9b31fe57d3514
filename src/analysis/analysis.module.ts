import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysesController } from './analyses.controller';
import { Analysis } from './analysis.entity';
import { AnalysisProducer } from './analysis.producer';
import { AnalysisService } from './analysis.service';

/**
 * How sure a rank is (issue #22): uncertainty and sensitivity analyses of a score run or publication, run on the
 * queue, and the what-if of one unit. Above publications (DESIGN.md, Layout): it reads runs and publications.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Analysis])],
  controllers: [AnalysesController],
  providers: [AnalysisService, AnalysisProducer],
  exports: [AnalysisService],
})
export class AnalysisModule {}
