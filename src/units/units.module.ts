import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitCheckRegistry } from '../users/unit-check.registry';
import { UsersModule } from '../users/users.module';
import { UnitRegistryLoader } from './unit-registry.loader';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';
import { UnitLineage } from './unit-lineage.entity';
import { Unit } from './unit.entity';
import { unitExists } from './units.queries';

@Module({
  imports: [TypeOrmModule.forFeature([UnitLineage, Unit]), UsersModule],
  controllers: [UnitsController],
  providers: [UnitsService, UnitRegistryLoader],
  exports: [UnitsService, UnitRegistryLoader],
})
export class UnitsModule implements OnModuleInit {
  constructor(private readonly unitChecks: UnitCheckRegistry) {}

  /** Users checks an officer's unit through its registry (users sits below the unit registry). */
  onModuleInit(): void {
    this.unitChecks.register(unitExists);
  }
}
