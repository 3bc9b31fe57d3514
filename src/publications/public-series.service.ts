import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { roundTo } from '../engine';
import type { Framework, IndicatorTarget } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { frameworkVersionById, type FrameworkVersionRow } from '../frameworks/framework-versions.queries';
import { trajectoryAt } from '../frameworks/trajectory';
import { scoreRunById } from '../scoring/score-runs.queries';
import type { StoredNodeResult } from '../scoring/stored-node-result';
import { unitNamesByIds } from '../units/units.queries';
import { chunkedSnapshotIds } from './snapshot-chunks.queries';
import { snapshotUnitInputs } from './snapshot-unit-inputs';

/** How many months a league table's sparklines (and the page's line chart) look back, the month itself included. */
export const TREND_MONTHS = 12;

/** "2024-03": a month of a series. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A published month of a series: its latest version. */
export interface PublishedMonth {
  month: string;
  version: number;
  publicationId: string;
  publishedAt: Date;
}

export interface SeriesFramework {
  code: string;
  version: string;
  nameVi: string;
  nameEn: string | null;
  source: string;
  sourceEn: string | null;
  /** The index's scale (100: a percent, 0..100) and the decimals it is published to. */
  scale: number;
  precision: number;
}

/** The framework's target for its index in a month: the trajectory's value on the month's last day. */
export interface MonthTarget {
  indicator: string;
  /** YYYY-MM-DD, the month's last day. */
  at: string;
  value: number | null;
  descriptionVi: string | null;
  descriptionEn: string | null;
}

/** Against the month before, in the series (as the publication took it when published). */
export interface MonthChange {
  previousIndex: number | null;
  previousRank: number | null;
  /** This month's index minus the previous one, to the framework's precision. */
  index: number | null;
  /** Places gained (positive) or lost (negative). */
  rank: number | null;
}

export interface LeagueRow {
  rank: number | null;
  groupRank: number | null;
  code: string;
  nameVi: string;
  nameEn: string | null;
  unitGroup: string | null;
  ranked: boolean;
  index: number | null;
  change: MonthChange | null;
  /** The index in each month of `trend.months` (null where the unit has no published value). */
  sparkline: (number | null)[];
}

export interface PublicLeagueTable {
  series: string;
  level: string;
  month: string;
  version: number;
  publicationId: string;
  sha256: string;
  publishedAt: Date;
  framework: SeriesFramework;
  /** Every month published, newest first (the month picker). */
  months: PublishedMonth[];
  /** The month the changes are measured against (the month before), when it was published before this month's publication. */
  previousMonth: string | null;
  target: MonthTarget | null;
  /** Up to TREND_MONTHS calendar months ending with this one (none before the series' first): the sparklines' months. */
  trend: { months: string[]; target: (number | null)[] | null };
  rows: LeagueRow[];
}

export interface SeriesLeaf {
  code: string;
  nameVi: string;
  nameEn: string | null;
  maxPoints: number | null;
  /** The names of a numbers leaf's inputs (its counts: online, total); null for a leaf of one value. */
  inputs: string[] | null;
}

export interface UnitMonth {
  month: string;
  version: number;
  publicationId: string;
  index: number | null;
  rank: number | null;
  groupRank: number | null;
  ranked: boolean;
  change: MonthChange | null;
  target: number | null;
  /**
   * Per leaf: its value (0..1) and points as scored, its rank by value among the month's ranked units (null for a unit
   * not ranked or without a value), its value's change from the month
   * before (when the unit is published in it; its latest version), and its counts as published (where it has them).
   */
  leaves: Record<string, { value: number | null; points: number | null; rank: number | null; change: number | null; counts: Record<string, number> | null }>;
}

export interface PublicUnitSeries {
  series: string;
  level: string;
  framework: SeriesFramework;
  unit: { code: string; nameVi: string; nameEn: string | null; unitGroup: string | null };
  /** The leaves of the latest month's framework, in its order. */
  leaves: SeriesLeaf[];
  /** Of the target: what it is, in both languages (the latest month's framework). */
  target: { indicator: string; descriptionVi: string | null; descriptionEn: string | null } | null;
  /** The months the unit is published in, oldest first. */
  months: UnitMonth[];
}

/** A series and level published, for the front door and the list. */
export interface PublishedSeries {
  series: string;
  level: string;
  nameVi: string;
  nameEn: string | null;
  latestMonth: string;
  months: number;
}

interface MonthRow {
  id: string;
  run_id: string;
  year: number;
  period_index: number;
  version: number;
  sha256: string;
  previous: Record<string, { value: number | null; rank: number | null }> | null;
  published_at: Date;
}

const monthText = (year: number, index: number) => `${year}-${String(index).padStart(2, '0')}`;
const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOfNumber = (n: number) => monthText(Math.floor(n / 12), (n % 12) + 1);

/** The last day of a month, YYYY-MM-DD. */
export function lastDayOf(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  // Day 0 of the next month is this month's last (Date.UTC reads the years 0..99 as 1900..1999; a series' are four-digit).
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function indexTarget(document: Framework): IndicatorTarget | null {
  return document.targets?.find((t) => t.indicator === 'index') ?? null;
}

function targetValue(document: Framework, month: string): number | null {
  const target = indexTarget(document);
  if (!target) return null;
  const value = trajectoryAt(target, lastDayOf(month));
  return value === null ? null : roundTo(value, document.result.precision);
}

function change(
  previous: MonthRow['previous'],
  unitId: string,
  index: number | null,
  rank: number | null,
  precision: number,
): MonthChange | null {
  const prev = previous?.[unitId];
  if (!prev) return null;
  return {
    previousIndex: prev.value,
    previousRank: prev.rank,
    index: prev.value !== null && index !== null ? roundTo(index - prev.value, precision) : null,
    rank: prev.rank !== null && rank !== null ? prev.rank - rank : null,
  };
}

/**
 * The public read of a periodic (monthly) series' publications: the months published, a month's league table with
 * each unit's change and sparkline, and a unit's series. Only the latest version of each month is read, from its
 * frozen rows (publication_results), as the yearly public reads do.
 */
@Injectable()
export class PublicSeriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every series and level with a published month, by series then level. */
  async list(): Promise<PublishedSeries[]> {
    const rows: { series: string; level: string; latest: number; months: number; run_id: string }[] = await this.db.query(
      `SELECT s.series, s.level, s.latest, s.months,
              (SELECT p.run_id FROM publications p
                WHERE p.series = s.series AND p.level = s.level AND p.year * 12 + p.period_index - 1 = s.latest
                ORDER BY p.version DESC LIMIT 1) AS run_id
         FROM (SELECT series, level, max(year * 12 + period_index - 1) AS latest, count(DISTINCT year * 12 + period_index)::int AS months
                 FROM publications
                WHERE series IS NOT NULL AND period_index IS NOT NULL
                GROUP BY series, level) s
        ORDER BY s.series, s.level`,
    );
    const out: PublishedSeries[] = [];
    for (const r of rows) {
      const framework = await this.frameworkOfRun(r.run_id);
      out.push({
        series: r.series,
        level: r.level,
        nameVi: framework.nameVi,
        nameEn: framework.document.name.en ?? null,
        latestMonth: monthOfNumber(Number(r.latest)),
        months: r.months,
      });
    }
    return out;
  }

  /** The latest version of each published month of a series and level, newest first; a 404 when there is none. */
  private async monthRows(series: string, level: string): Promise<MonthRow[]> {
    const rows: MonthRow[] = await this.db.query(
      `SELECT DISTINCT ON (year, period_index) id, run_id, year, period_index, version, sha256, previous, published_at
         FROM publications
        WHERE series = $1 AND level = $2 AND period_index IS NOT NULL
        ORDER BY year DESC, period_index DESC, version DESC`,
      [series, level],
    );
    if (rows.length === 0) throw new DomainException(ErrorCode.NotFound, `no month of the monitoring series ${series} at level ${level} is published`, { series, level });
    return rows;
  }

  private readonly frameworks = new Map<string, Promise<FrameworkVersionRow>>();

  /** The framework a run was scored by (a framework version never changes once used: kept per run). */
  private frameworkOfRun(runId: string): Promise<FrameworkVersionRow> {
    let found = this.frameworks.get(runId);
    if (!found) {
      found = scoreRunById(this.db.manager, runId).then((run) => frameworkVersionById(this.db.manager, run.frameworkId));
      found.catch(() => this.frameworks.delete(runId));
      this.frameworks.set(runId, found);
    }
    return found;
  }

  private static frameworkView(f: FrameworkVersionRow): SeriesFramework {
    return {
      code: f.code,
      version: f.version,
      nameVi: f.nameVi,
      nameEn: f.document.name.en ?? null,
      source: f.document.source,
      sourceEn: f.document.sourceEn ?? null,
      scale: f.document.result.scale,
      precision: f.document.result.precision,
    };
  }

  /** A month's league table (the latest month published unless one is asked for). */
  async leagueTable(series: string, level: string, month?: string): Promise<PublicLeagueTable> {
    const all = await this.monthRows(series, level);
    const months = all.map((r) => monthText(r.year, r.period_index));
    const at = month === undefined ? 0 : months.indexOf(month);
    if (at < 0) {
      throw new DomainException(ErrorCode.NotFound, `${month} of the ${series} series at level ${level} is not published (published: ${months.slice(0, 6).join(', ')}${months.length > 6 ? ', ...' : ''})`, {
        series,
        level,
        month,
        published: months,
      });
    }
    const publication = all[at];
    const thisMonth = months[at];
    const framework = await this.frameworkOfRun(publication.run_id);
    const precision = framework.document.result.precision;

    // The sparklines' months: calendar months back from this one, none before the series' first published month.
    const first = monthNumber(months[months.length - 1]);
    const end = monthNumber(thisMonth);
    const trendMonths: string[] = [];
    for (let n = Math.max(first, end - TREND_MONTHS + 1); n <= end; n += 1) trendMonths.push(monthOfNumber(n));
    const byMonth = new Map(all.map((r, i) => [months[i], r]));
    const trendIds = trendMonths.flatMap((m) => (byMonth.has(m) ? [byMonth.get(m)!.id] : []));

    const rows: { publication_id: string; unit_id: string; unit_code: string; unit_group: string | null; ranked: boolean; rank: number | null; group_rank: number | null; index_rounded: number | null }[] =
      await this.db.query(
        `SELECT publication_id, unit_id, unit_code, unit_group, ranked, rank, group_rank, index_rounded
           FROM publication_results WHERE publication_id = ANY($1::uuid[])`,
        [trendIds],
      );
    const indexOf = new Map<string, number | null>(rows.map((r) => [`${r.publication_id}/${r.unit_code}`, r.index_rounded]));
    const own = rows.filter((r) => r.publication_id === publication.id);
    const names = await unitNamesByIds(this.db.manager, own.map((r) => r.unit_id));
    const table = own.map((r): LeagueRow => {
      const name = names.get(r.unit_id);
      return {
        rank: r.rank,
        groupRank: r.group_rank,
        code: r.unit_code,
        nameVi: name?.nameVi ?? r.unit_code,
        nameEn: name?.nameEn ?? null,
        unitGroup: r.unit_group,
        ranked: r.ranked,
        index: r.index_rounded,
        change: change(publication.previous, r.unit_id, r.index_rounded, r.rank, precision),
        sparkline: trendMonths.map((m) => {
          const p = byMonth.get(m);
          return p ? (indexOf.get(`${p.id}/${r.unit_code}`) ?? null) : null;
        }),
      };
    });
    table.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.index ?? -1) - (a.index ?? -1) || a.code.localeCompare(b.code));

    const target = indexTarget(framework.document);
    // A month's publication compares with the series' calendar month before (publications.service previousPeriod).
    const previousMonth = publication.previous ? monthOfNumber(monthNumber(thisMonth) - 1) : null;
    return {
      series,
      level,
      month: thisMonth,
      version: publication.version,
      publicationId: publication.id,
      sha256: publication.sha256,
      publishedAt: publication.published_at,
      framework: PublicSeriesService.frameworkView(framework),
      months: all.map((r, i) => ({ month: months[i], version: r.version, publicationId: r.id, publishedAt: r.published_at })),
      previousMonth,
      target: target
        ? {
            indicator: target.indicator,
            at: lastDayOf(thisMonth),
            value: targetValue(framework.document, thisMonth),
            descriptionVi: target.description?.vi ?? null,
            descriptionEn: target.description?.en ?? null,
          }
        : null,
      trend: { months: trendMonths, target: target ? trendMonths.map((m) => targetValue(framework.document, m)) : null },
      rows: table,
    };
  }

  /** A unit's series: each published month's index, rank, change and leaf values (with their counts), oldest first. */
  async unitSeries(series: string, level: string, code: string): Promise<PublicUnitSeries> {
    const all = await this.monthRows(series, level);
    const ids = all.map((r) => r.id);
    const rows: {
      publication_id: string;
      unit_id: string;
      unit_group: string | null;
      ranked: boolean;
      rank: number | null;
      group_rank: number | null;
      index_rounded: number | null;
      nodes: Record<string, StoredNodeResult>;
    }[] = await this.db.query(
      `SELECT publication_id, unit_id, unit_group, ranked, rank, group_rank, index_rounded, nodes
         FROM publication_results WHERE publication_id = ANY($1::uuid[]) AND unit_code = $2`,
      [ids, code],
    );
    if (rows.length === 0) throw new DomainException(ErrorCode.NotFound, `unit ${code} is in no published month of the ${series} series at level ${level}`, { series, level, code });
    // The counts as published: the unit's inputs in each month's snapshot (the frozen, hashed bytes). A text snapshot
    // (made before chunks) is read by PostgreSQL; a chunked one is read from its start up to the unit.
    const inputs: { id: string; values: Record<string, unknown> | null }[] = await this.db.query(
      `SELECT p.id, u -> 'values' AS values
         FROM publications p, jsonb_array_elements((p.snapshot::jsonb) -> 'inputs' -> 'units') u
        WHERE p.id = ANY($1::uuid[]) AND p.snapshot IS NOT NULL AND u ->> 'code' = $2`,
      [rows.map((r) => r.publication_id), code],
    );
    const valuesOf = new Map(inputs.map((i) => [i.id, i.values ?? {}]));
    for (const id of await chunkedSnapshotIds(this.db.manager, rows.map((r) => r.publication_id))) {
      const unit = await snapshotUnitInputs(this.db.manager, id, code);
      if (unit) valuesOf.set(id, unit.values ?? {});
    }
    const rowOf = new Map(rows.map((r) => [r.publication_id, r]));
    const latest = all.find((r) => rowOf.has(r.id))!;
    const framework = await this.frameworkOfRun(latest.run_id);
    const leaves = frameworkLeaves(framework.document).map(
      ({ node }): SeriesLeaf => ({
        code: node.code,
        nameVi: node.name.vi,
        nameEn: node.name.en ?? null,
        maxPoints: node.maxPoints ?? null,
        inputs: node.input?.type === 'numbers' && node.input.names?.length ? [...node.input.names] : null,
      }),
    );
    // Each leaf's rank in each month among the month's ranked units, by its value (ties share the better place, as
    // the engine ranks the index); the engine's stored results rank the index and main indicators, not every leaf.
    const leafRanks: { publication_id: string; leaf: string; rank: number }[] = await this.db.query(
      `SELECT x.publication_id, x.leaf, x.rank::int AS rank
         FROM (SELECT r.publication_id, r.unit_code, l.leaf, r.nodes -> l.leaf ->> 'value' AS value,
                      rank() OVER (PARTITION BY r.publication_id, l.leaf ORDER BY (r.nodes -> l.leaf ->> 'value')::float8 DESC NULLS LAST) AS rank
                 FROM publication_results r CROSS JOIN unnest($2::text[]) AS l(leaf)
                WHERE r.publication_id = ANY($1::uuid[]) AND r.ranked) x
        WHERE x.unit_code = $3 AND x.value IS NOT NULL`,
      [rows.map((r) => r.publication_id), leaves.map((l) => l.code), code],
    );
    const leafRank = new Map(leafRanks.map((r) => [`${r.publication_id}/${r.leaf}`, r.rank]));
    const months: UnitMonth[] = [];
    let before: { month: string; nodes: Record<string, StoredNodeResult> } | null = null;
    for (const p of [...all].reverse()) {
      const r = rowOf.get(p.id);
      if (!r) continue;
      const month = monthText(p.year, p.period_index);
      // A leaf's change: from the calendar month before, only when the unit is published in it.
      const previousNodes = before && monthNumber(before.month) === monthNumber(month) - 1 ? before.nodes : null;
      before = { month, nodes: r.nodes };
      const f = await this.frameworkOfRun(p.run_id);
      const values = valuesOf.get(p.id) ?? {};
      months.push({
        month,
        version: p.version,
        publicationId: p.id,
        index: r.index_rounded,
        rank: r.rank,
        groupRank: r.group_rank,
        ranked: r.ranked,
        change: change(p.previous, r.unit_id, r.index_rounded, r.rank, f.document.result.precision),
        target: targetValue(f.document, month),
        leaves: Object.fromEntries(
          leaves.map((leaf) => {
            const node = r.nodes[leaf.code];
            const value = node?.value ?? null;
            const previous = previousNodes?.[leaf.code]?.value ?? null;
            return [
              leaf.code,
              {
                value,
                points: node?.points ?? null,
                rank: leafRank.get(`${p.id}/${leaf.code}`) ?? null,
                // Leaf values are 0..1: to 4 decimals, as the ranking pages show them.
                change: value !== null && previous !== null ? roundTo(value - previous, 4) : null,
                counts: countsOf(values[leaf.code], leaf.inputs),
              },
            ];
          }),
        ),
      });
    }
    const unit = (await unitNamesByIds(this.db.manager, [rows[0].unit_id])).get(rows[0].unit_id);
    const target = indexTarget(framework.document);
    return {
      series,
      level,
      framework: PublicSeriesService.frameworkView(framework),
      unit: { code, nameVi: unit?.nameVi ?? code, nameEn: unit?.nameEn ?? null, unitGroup: rowOf.get(latest.id)!.unit_group },
      leaves,
      target: target ? { indicator: target.indicator, descriptionVi: target.description?.vi ?? null, descriptionEn: target.description?.en ?? null } : null,
      months,
    };
  }
}

/** A numbers leaf's published inputs ({ online: 120, total: 150 }), or null for a leaf without counts or none given. */
function countsOf(raw: unknown, names: string[] | null): Record<string, number> | null {
  if (!names || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const given = raw as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const name of names) if (typeof given[name] === 'number') out[name] = given[name];
  return Object.keys(out).length ? out : null;
}
