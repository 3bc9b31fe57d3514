import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysesController } from './analyses.controller';
import { Analysis } from './analysis.entity';
import { AnalysisProducer } from './analysis.producer';
import { AnalysisService } from './analysis.service';
import { PublicationsModule } from '../publications/publications.module';
import { WhatIfController } from './what-if.controller';
import { WhatIfService } from './what-if.service';

/**
 * How sure a rank is (issue #22): uncertainty and sensitivity analyses of a score run or publication, run on the
 * queue, and the what-if of one unit. Above publications (DESIGN.md, Layout): it reads runs and publications.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Analysis]), PublicationsModule],
  controllers: [AnalysesController, WhatIfController],
  providers: [AnalysisService, AnalysisProducer, WhatIfService],
  exports: [AnalysisService, WhatIfService],
})
export class AnalysisModule {}
