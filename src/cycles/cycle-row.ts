import type { CycleUnit } from './cycle-unit.entity';
import type { Cycle } from './cycle.entity';

/**
 * A cycle and a participant as other features see them: the rows, without the relations (each feature owns its
 * tables: others read cycles through CyclesService and cycle-units.queries.ts, never through the entities). A
 * participant from CyclesService.participant carries its unit's code and name.
 */
export type CycleRow = Omit<Cycle, 'scopeUnit' | 'framework'>;

export type CycleUnitRow = Omit<CycleUnit, 'cycle'>;
