import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { MonitoredValuesController } from './monitored-values.controller';
import { MonitoredValuesService } from './monitored-values.service';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

/**
 * Targets and trajectories of the monitored series (the laggards) and the yearly values taken from them (issue #21,
 * points 4 and 6). It reads down (cycles, scoring, submissions, frameworks) through their query functions.
 */
@Module({
  imports: [CyclesModule],
  controllers: [TargetsController, MonitoredValuesController],
  providers: [TargetsService, MonitoredValuesService],
  exports: [TargetsService, MonitoredValuesService],
})
export class TargetsModule {}
