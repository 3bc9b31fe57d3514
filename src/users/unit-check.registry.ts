import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Whether a unit of this id exists, asked inside the caller's transaction. */
export type UnitExists = (manager: EntityManager, unitId: string) => Promise<boolean>;

/**
 * How users asks the unit registry whether an officer's unit exists: the registry sits above users (DESIGN.md, Layout),
 * so users owns this registry and UnitsModule registers its check here when it starts.
 */
@Injectable()
export class UnitCheckRegistry {
  private check: UnitExists | undefined;

  register(check: UnitExists): void {
    this.check = check;
  }

  exists(manager: EntityManager, unitId: string): Promise<boolean> {
    if (!this.check) throw new Error('no unit check is registered: UnitsModule registers it, load it beside UsersModule');
    return this.check(manager, unitId);
  }
}
