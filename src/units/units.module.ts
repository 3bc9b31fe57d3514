import { Module } from '@nestjs/common';
import { UnitRegistryLoader } from './unit-registry.loader';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({
  controllers: [UnitsController],
  providers: [UnitsService, UnitRegistryLoader],
  exports: [UnitsService, UnitRegistryLoader],
})
export class UnitsModule {}
