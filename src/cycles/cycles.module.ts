import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { UnitsModule } from '../units/units.module';
import { CycleTransitionRegistry } from './cycle-transition.registry';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';
import { Cycle } from './cycle.entity';
import { CycleUnit } from './cycle-unit.entity';

@Module({
  // UnitsModule registers the 'Unit' table the cycles' relations name.
  imports: [TypeOrmModule.forFeature([Cycle, CycleUnit]), FrameworksModule, UnitsModule],
  controllers: [CyclesController],
  providers: [CyclesService, CycleTransitionRegistry],
  exports: [CyclesService, CycleTransitionRegistry],
})
export class CyclesModule {}
