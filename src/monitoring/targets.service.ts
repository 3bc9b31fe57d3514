import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { participantUnitIds } from '../cycles/cycle-units.queries';
import { parseMonth } from '../cycles/cycle-period';
import { monthlySeriesLevels, seriesMonthCycle, seriesMonthCyclesNewestFirst } from '../cycles/cycles.queries';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { hashInputs, loadScoreInputs } from '../scoring/score-inputs';
import { runResultNodes } from '../scoring/score-results.queries';
import { latestSucceededRun } from '../scoring/score-runs.queries';
import { unitNamesByIds } from '../units/units.queries';
import { laggardsOf, monthDistances, monthLastDay, type TargetedIndicator, type UnitMonth, type UnitMonthInput } from './month-distances';

/** A month of a series against its targets: every unit's distances, and the laggards among them. */
export interface MonthDistancesView {
  series: string;
  level: string;
  /** YYYY-MM. */
  month: string;
  /** The month's last day, on which the trajectories are read. */
  day: string;
  cycle: { id: string; nameVi: string; nameEn: string | null; phase: string };
  framework: { id: string; code: string; version: string; nameVi: string; nameEn: string | null; precision: number };
  /** The run the values come from: the month's latest succeeded one; null when the month is not scored yet. */
  run: { id: string; finishedAt: Date | null } | null;
  /** The month's inputs changed since that run: the values are the run's inputs now, the index the run's. */
  stale: boolean;
  indicators: TargetedIndicator[];
  /** Every unit of the month (the run's, else the participants), by code. */
  units: UnitMonth[];
  /** The units behind their trajectory on at least one indicator, the furthest behind first. */
  laggards: UnitMonth[];
}

/** A monthly series at a level, for the pages that list them. */
export interface SeriesLevelView {
  series: string;
  level: string;
  nameVi: string;
  nameEn: string | null;
  months: number;
  first: string;
  last: string;
  /** Whether its framework (of the last month) has targets to measure against. */
  hasTargets: boolean;
}

/** A month of a series: its cycle's phase and whether it has been scored. */
export interface SeriesMonthView {
  month: string;
  cycleId: string;
  phase: string;
  scored: boolean;
}

/**
 * Targets and trajectories of the monitored series (issue #21, point 4): reads down (the month's cycle, its latest
 * succeeded score run and its inputs, the framework's targets) and measures each unit against the trajectory.
 */
@Injectable()
export class TargetsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every monthly series and level, with its framework's name and whether it has targets. */
  async seriesList(): Promise<SeriesLevelView[]> {
    const manager = this.db.manager;
    const out: SeriesLevelView[] = [];
    for (const row of await monthlySeriesLevels(manager)) {
      const [last] = await seriesMonthCyclesNewestFirst(manager, row.series, row.level);
      const framework = (await frameworkVersionById(manager, last.frameworkId)).document;
      out.push({ ...row, nameVi: framework.name.vi, nameEn: framework.name.en ?? null, hasTargets: (framework.targets ?? []).length > 0 });
    }
    return out;
  }

  /** The months of a series at a level, newest first; 404 when it has none. */
  async months(series: string, level: string): Promise<SeriesMonthView[]> {
    const manager = this.db.manager;
    const cycles = await seriesMonthCyclesNewestFirst(manager, series, level);
    if (cycles.length === 0) throw DomainException.notFound(`monthly series ${series} at level`, level);
    const out: SeriesMonthView[] = [];
    for (const c of cycles) {
      out.push({ month: `${c.year}-${String(c.periodIndex).padStart(2, '0')}`, cycleId: c.id, phase: c.phase, scored: (await latestSucceededRun(manager, c.id)) !== null });
    }
    return out;
  }

  async month(series: string, level: string, monthText: string): Promise<MonthDistancesView> {
    const month = parseMonth(monthText);
    if (!month) throw DomainException.validation([{ field: 'month', rule: 'month', message: 'month must be a month written YYYY-MM' }]);
    const manager = this.db.manager;
    const cycle = await seriesMonthCycle(manager, series, level, month.year, month.month);
    if (!cycle) throw DomainException.notFound(`month of the ${series} series at level ${level}`, monthText);
    const frameworkRow = await frameworkVersionById(manager, cycle.frameworkId);
    const framework = frameworkRow.document;
    const day = monthLastDay(month.year, month.month);
    const run = await latestSucceededRun(manager, cycle.id);
    const leafCodes = (framework.targets ?? []).map((t) => t.indicator).filter((c) => c !== 'index');

    let inputs: UnitMonthInput[];
    let stale = false;
    if (run) {
      const results = await runResultNodes(manager, run.id, leafCodes);
      const scoreInputs = await loadScoreInputs(manager, cycle.id);
      stale = hashInputs(scoreInputs) !== run.inputsHash;
      const valuesOf = new Map(scoreInputs.units.map((u) => [u.unitId, u.values]));
      const names = await unitNamesByIds(manager, results.map((r) => r.unitId));
      inputs = results.map((r) => ({
        unitId: r.unitId,
        unitCode: r.unitCode,
        unitName: names.get(r.unitId)?.nameVi ?? r.unitCode,
        unitNameEn: names.get(r.unitId)?.nameEn ?? null,
        values: valuesOf.get(r.unitId) ?? {},
        index: r.index,
        nodes: r.nodes,
      }));
    } else {
      const names = await unitNamesByIds(manager, await participantUnitIds(manager, cycle.id));
      inputs = [...names.entries()]
        .map(([unitId, n]) => ({ unitId, unitCode: n.code, unitName: n.nameVi, unitNameEn: n.nameEn, values: {}, index: null, nodes: {} }))
        .sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0));
    }
    const { indicators, units } = monthDistances(framework, day, inputs);
    return {
      series,
      level,
      month: monthText,
      day,
      cycle: { id: cycle.id, nameVi: cycle.nameVi, nameEn: cycle.nameEn, phase: cycle.phase },
      framework: {
        id: frameworkRow.id,
        code: frameworkRow.code,
        version: frameworkRow.version,
        nameVi: framework.name.vi,
        nameEn: framework.name.en ?? null,
        precision: framework.result.precision,
      },
      run: run ? { id: run.id, finishedAt: run.finishedAt } : null,
      stale,
      indicators,
      units,
      laggards: laggardsOf(units),
    };
  }
}
