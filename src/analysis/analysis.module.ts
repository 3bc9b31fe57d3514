import { Module } from '@nestjs/common';

/**
 * How sure a rank is (issue #22): uncertainty and sensitivity analyses of a score run or publication, run on the
 * queue, and the what-if of one unit. Above publications (DESIGN.md, Layout): it reads runs and publications.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class AnalysisModule {}
