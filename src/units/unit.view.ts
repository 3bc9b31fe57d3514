import type { Unit } from './unit.entity';
import type { UnitLevel } from './unit-level';

export interface UnitRef {
  id: string;
  level: UnitLevel;
  code: string;
  nameVi: string;
}

/** What the API returns for a unit: the row and its lineage by reference. */
export interface UnitView {
  id: string;
  level: UnitLevel;
  code: string;
  nameVi: string;
  nameEn: string | null;
  validFrom: string;
  validTo: string | null;
  parentId: string | null;
  unitGroup: string | null;
  kind: string | null;
  retiredReason: string | null;
  predecessors: UnitRef[];
  version: number;
}

export const unitRef = (u: Unit): UnitRef => ({ id: u.id, level: u.level, code: u.code, nameVi: u.nameVi });

export function toUnitView(unit: Unit): UnitView {
  return {
    id: unit.id,
    level: unit.level,
    code: unit.code,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    parentId: unit.parentId,
    unitGroup: unit.unitGroup,
    kind: unit.kind,
    retiredReason: unit.retiredReason,
    // The lineage keeps the order it was recorded in (the unit itself first, as the decisions list them).
    predecessors: (unit.predecessors ?? []).map(unitRef),
    version: unit.version,
  };
}
