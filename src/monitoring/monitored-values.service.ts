import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { participantUnitIds } from '../cycles/cycle-units.queries';
import { seriesMonthCycles } from '../cycles/cycles.queries';
import { CyclesService } from '../cycles/cycles.service';
import type { FrameworkNode, MonitoredSpec } from '../engine/framework.model';
import { frameworkLeaves, leafIndex } from '../frameworks/framework-tree';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { assertImportable } from '../submissions/system-values/system-values-import.handler';
import { replaceMonitoredSystemValues, type MonitoredValueRow } from '../submissions/system-values/monitored-system-values';
import { cycleSystemValues } from '../submissions/system-values.queries';
import { incompatibility, monthTaken, yearlyValue, type MonthValue } from './monitored-values';

/** What one monitored leaf took. */
export interface MonitoredLeafTaken {
  indicator: string;
  monitored: MonitoredSpec;
  /** The months of the year the series has, and the ones read (one for last and at, all for mean). */
  monthsRead: string[];
  /** Units given a value. */
  written: number;
  /** Participants with no value in the months read: none written (a value taken from monitoring before is removed). */
  missing: string[];
}

export interface FromMonitoringResult {
  cycleId: string;
  leaves: MonitoredLeafTaken[];
  written: number;
  removed: number;
}

const problem = (field: string, rule: string, message: string): FieldProblem => ({ field, rule, message });
const monthText = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * Into the yearly index (issue #21, point 6): a yearly cycle's `source: system` leaves that name a monitored indicator
 * take their values from the series' monthly cycles of the cycle's year, with their provenance (source 'monitoring',
 * sourceId the monthly cycle). All or none, audited.
 */
@Injectable()
export class MonitoredValuesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /**
   * The leaves of a yearly cycle's framework that take their value from a monitored series (none for a monthly
   * cycle), and whether they may be taken now (the cycle's system values still change: not once published).
   */
  async monitoredLeaves(cycleId: string): Promise<{ leaves: Array<{ code: string; monitored: MonitoredSpec }>; canTake: boolean }> {
    const cycle = await this.cycles.find(this.db.manager, cycleId);
    if (cycle.period !== 'year') return { leaves: [], canTake: false };
    const framework = (await frameworkVersionById(this.db.manager, cycle.frameworkId)).document;
    const leaves = frameworkLeaves(framework)
      .map((l) => l.node)
      .filter((n) => n.source === 'system' && !!n.monitored)
      .map((n) => ({ code: n.code, monitored: n.monitored! }));
    let importable = true;
    try {
      assertImportable(cycle);
    } catch {
      importable = false;
    }
    return { leaves, canTake: leaves.length > 0 && importable };
  }

  async takeFromMonitoring(actor: Actor, cycleId: string): Promise<FromMonitoringResult> {
    return this.db.transaction(async (manager) => {
      const cycle = await this.cycles.find(manager, cycleId, { lock: 'keyShare' });
      if (cycle.period !== 'year') {
        throw new DomainException(ErrorCode.UnprocessableEntity, `cycle ${cycleId} is a ${cycle.period} of the ${cycle.series} series: only a yearly cycle takes values from the monthly monitoring`, [
          problem('cycleId', 'yearly', 'only a yearly cycle takes values from the monthly monitoring'),
        ]);
      }
      assertImportable(cycle);
      const framework = (await frameworkVersionById(manager, cycle.frameworkId)).document;
      const leaves = frameworkLeaves(framework)
        .map((l) => l.node)
        .filter((n): n is FrameworkNode & { monitored: MonitoredSpec } => n.source === 'system' && !!n.monitored);
      if (leaves.length === 0) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `the framework ${framework.code} ${framework.version} has no leaf that names a monitored indicator`, [
          problem('cycleId', 'monitoredLeaves', 'the framework has no source-system leaf with monitored'),
        ]);
      }
      const participants = await participantUnitIds(manager, cycle.id);
      const problems: FieldProblem[] = [];
      const plans: Array<{ leaf: FrameworkNode & { monitored: MonitoredSpec }; months: { month: number; cycleId: string }[]; read: number[] }> = [];
      for (const leaf of leaves) {
        const spec = leaf.monitored;
        const field = `${leaf.code}.monitored`;
        const months = await seriesMonthCycles(manager, spec.framework, cycle.level, cycle.year);
        if (months.length === 0) {
          problems.push(problem(field, 'seriesMonths', `${leaf.code}: the ${spec.framework} series has no month of ${cycle.year} at level ${cycle.level}`));
          continue;
        }
        const wanted = monthTaken(spec);
        const read = wanted === null ? months.map((m) => m.periodIndex!) : [wanted];
        const missingMonths = read.filter((m) => !months.some((c) => c.periodIndex === m));
        if (missingMonths.length > 0) {
          const why = spec.take === 'last' ? 'take last reads December' : `take at ${spec.at} reads that month`;
          problems.push(problem(field, 'seriesMonth', `${leaf.code}: the ${spec.framework} series has no ${monthText(cycle.year, missingMonths[0])} at level ${cycle.level} (${why})`));
          continue;
        }
        // Each month's cycle may use its own version of the monitored framework: each must have the indicator as a leaf.
        for (const m of months.filter((c) => read.includes(c.periodIndex!))) {
          const monthly = leafIndex((await frameworkVersionById(manager, m.frameworkId)).document).get(spec.indicator)?.node;
          const why = monthly ? incompatibility(leaf, monthly, spec) : `the ${spec.framework} framework of ${monthText(cycle.year, m.periodIndex!)} has no leaf ${spec.indicator}`;
          if (why) {
            problems.push(problem(field, 'monitoredIndicator', `${leaf.code}: ${why}`));
            break;
          }
        }
        plans.push({ leaf, months: months.map((m) => ({ month: m.periodIndex!, cycleId: m.id })), read });
      }
      if (problems.length > 0) {
        throw new DomainException(ErrorCode.UnprocessableEntity, problems.map((p) => p.message).join('; '), problems);
      }

      const rows: MonitoredValueRow[] = [];
      const taken: MonitoredLeafTaken[] = [];
      for (const { leaf, months, read } of plans) {
        const byUnit = await this.monthValues(manager, months.filter((m) => read.includes(m.month)), leaf.monitored.indicator, participants);
        const missing: string[] = [];
        let written = 0;
        for (const unitId of participants) {
          const value = yearlyValue(leaf, leaf.monitored, byUnit.get(unitId) ?? []);
          if (!value) {
            missing.push(unitId);
            continue;
          }
          rows.push({ unitId, indicatorCode: leaf.code, value: value.value, sourceId: value.cycleId });
          written++;
        }
        taken.push({
          indicator: leaf.code,
          monitored: leaf.monitored,
          monthsRead: read.map((m) => monthText(cycle.year, m)),
          written,
          missing,
        });
      }
      const { written, removed } = await replaceMonitoredSystemValues(manager, cycle.id, leaves.map((l) => l.code), rows, this.clock.now());
      await this.audit.record(manager, actor, {
        action: 'system_values.from_monitoring',
        entityType: 'cycle',
        entityId: cycle.id,
        after: {
          written,
          removed,
          leaves: taken.map((t) => ({ indicator: t.indicator, series: t.monitored.framework, monitored: t.monitored.indicator, take: t.monitored.take, months: t.monthsRead, written: t.written, missing: t.missing.length })),
        },
      });
      return { cycleId: cycle.id, leaves: taken, written, removed };
    });
  }

  /** Each participant's values of the monitored indicator in these months, in month order. */
  private async monthValues(manager: EntityManager, months: { month: number; cycleId: string }[], indicator: string, units: string[]): Promise<Map<string, MonthValue[]>> {
    const out = new Map<string, MonthValue[]>();
    for (const m of [...months].sort((a, b) => a.month - b.month)) {
      for (const v of await cycleSystemValues(manager, m.cycleId, units)) {
        if (v.indicatorCode !== indicator) continue;
        const list = out.get(v.unitId) ?? [];
        if (list.length === 0) out.set(v.unitId, list);
        list.push({ month: m.month, cycleId: m.cycleId, value: v.value });
      }
    }
    return out;
  }
}
