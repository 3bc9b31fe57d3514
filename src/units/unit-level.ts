import type { UnitLevel } from '../engine/framework.model';

export type { UnitLevel };

export const UNIT_LEVELS: readonly UnitLevel[] = ['national', 'ministry', 'province', 'department', 'district', 'commune'];
