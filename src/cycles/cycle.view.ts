import { toVietnamTime } from '../common/clock';
import type { CycleUnit } from './cycle-unit.entity';
import type { Cycle } from './cycle.entity';
import { periodLabel, type CyclePeriod } from './cycle-period';

export interface CycleView {
  id: string;
  year: number;
  level: string;
  /** year, quarter or month; a periodic cycle belongs to a series (its framework's code). */
  period: CyclePeriod;
  periodIndex: number | null;
  series: string | null;
  /** 2022, 2023-Q2, 2023-05. */
  periodLabel: string;
  scopeUnitId: string | null;
  frameworkId: string;
  nameVi: string;
  nameEn: string | null;
  phase: string;
  opensAt: string;
  closesAt: string;
  timezone: 'Asia/Ho_Chi_Minh';
  phaseChangedAt: Date | null;
  rowVersion: number;
}

export const toCycleView = (c: Cycle): CycleView => ({
  id: c.id,
  year: c.year,
  level: c.level,
  period: c.period,
  periodIndex: c.periodIndex,
  series: c.series,
  periodLabel: periodLabel(c),
  scopeUnitId: c.scopeUnitId,
  frameworkId: c.frameworkId,
  nameVi: c.nameVi,
  nameEn: c.nameEn,
  phase: c.phase,
  opensAt: toVietnamTime(c.opensAt),
  closesAt: toVietnamTime(c.closesAt),
  timezone: 'Asia/Ho_Chi_Minh',
  phaseChangedAt: c.phaseChangedAt,
  rowVersion: c.rowVersion,
});

export interface ParticipantView {
  unitId: string;
  code: string;
  nameVi: string;
  unitGroup: string | null;
  ranked: boolean;
  extensionUntil: string | null;
}

export const toParticipantView = (p: CycleUnit): ParticipantView => ({
  unitId: p.unitId,
  code: p.unit?.code ?? '',
  nameVi: p.unit?.nameVi ?? '',
  unitGroup: p.unitGroup,
  ranked: p.ranked,
  extensionUntil: p.extensionUntil ? toVietnamTime(p.extensionUntil) : null,
});
