import { Module } from '@nestjs/common';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { CycleTransitionRegistry } from './cycle-transition.registry';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Module({
  imports: [FrameworksModule],
  controllers: [CyclesController],
  providers: [CyclesService, CycleTransitionRegistry],
  exports: [CyclesService, CycleTransitionRegistry],
})
export class CyclesModule {}
