import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { LruCache } from '../common/lru-cache';
import { RefusalReason } from '../common/refusal-reason';
import { roundTo } from '../engine';
import { frameworkVersionById, type FrameworkVersionRow } from '../frameworks/framework-versions.queries';
import { pickedNodes } from '../scoring/result-node-sql';
import { scoreRunById } from '../scoring/score-runs.queries';
import { unitNamesByIds, unitsLastChange } from '../units/units.queries';
import { PublicationResult } from './publication-result.entity';
import { RANKING_NODES_COLUMNS, type FrozenRankingNodesRow } from './publication-results.queries';
import { Publication } from './publication.entity';
import { rankingBody, type RankingBody } from './public-ranking-body';
import { rankingColumns, type RankingColumn } from './ranking-columns';
import { previousGroupRanks, rankingGroups, type RankingGroup } from './ranking-groups';
import { reweightRule, type PublicReweighting } from './reweighting';
import { nationalScoreCard, scoreCardLines, type NationalScoreCard } from './national-score-card';

/** Levels that publish one unit: a score card, never a ranking of one. */
export const CARD_LEVELS: readonly string[] = ['national'];

/** The national score card's address in this API (the 409 of a national ranking points to it). */
export const nationalCardPath = (year: number) => `/api/v1/public/rankings/${year}/national/card`;

/** A level that publishes one unit (the nation) has a score card, never a ranking of one: its ranking (or workbook) is refused. */
/** Whether a level's publication is a ranking (the national level's is one unit's score card). */
export const isRankedLevel = (level: string): boolean => !CARD_LEVELS.includes(level);

export function assertRankedLevel(year: number, level: string): void {
  if (isRankedLevel(level)) return;
  throw DomainException.conflict(`the ${level} level publishes one unit: read its score card at ${nationalCardPath(year)}, not a ranking of one`, {
    reason: RefusalReason.LevelNotRanked,
    level,
    year,
    scoreCard: nationalCardPath(year),
  });
}

export interface PublishedEdition {
  year: number;
  level: string;
  latestVersion: number;
  publishedAt: Date;
  versions: { version: number; publicationId: string; sha256: string; reason: string | null; publishedAt: Date }[];
}

export interface PublicRankingRow {
  rank: number | null;
  groupRank: number | null;
  code: string;
  nameVi: string;
  nameEn: string | null;
  unitGroup: string | null;
  ranked: boolean;
  index: number | null;
  /** Each top-level group's and main indicator's value (0..1), and each pillar's. */
  values: Record<string, number | null>;
  previous: { value: number | null; rank: number | null; change: number | null; rankChange: number | null; derivedFrom?: string[] } | null;
}

export interface PublicRanking {
  year: number;
  level: string;
  version: number;
  publicationId: string;
  sha256: string;
  /** The framework's names and source note: Vietnamese, and English where the file gives it (null otherwise). */
  framework: { code: string; version: string; nameVi: string; nameEn: string | null; source: string; sourceEn: string | null };
  columns: RankingColumn[];
  /** The ranking groups of the level (none for an ungrouped one), each with its number of units. */
  groups: RankingGroup[];
  /** The group asked for (?group=): then the rows are that group's, ranked by their group rank. */
  group: string | null;
  rows: PublicRankingRow[];
}

/** The public rankings kept serialised in memory (each edition and group one). */
const RANKING_BODIES_KEPT = 8;

/** A publication as a public ranking's reply is identified by, before it is built. */
export interface RankingEdition {
  publication: Publication;
  unitsChangedAt: string;
}

/**
 * What anyone may read without signing in: published rankings, score cards and methodology, read from each
 * publication's frozen rows (publication_results), never from the run's score_results, which stay writable.
 */
@Injectable()
export class PublicResultsService {
  /** The serialised rankings last read: a few editions' worth (about 5 MB each at 10,000 communes). */
  private readonly rankingBodies = new LruCache<string, RankingBody>(RANKING_BODIES_KEPT);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async editions(): Promise<PublishedEdition[]> {
    const rows = await this.db.getRepository(Publication).find({
      select: { id: true, year: true, level: true, version: true, sha256: true, reason: true, publishedAt: true },
      where: { series: IsNull() },
      order: { year: 'DESC', level: 'ASC', version: 'ASC' },
    });
    const editions = new Map<string, PublishedEdition>();
    for (const p of rows) {
      const key = `${p.year}/${p.level}`;
      const edition = editions.get(key) ?? { year: p.year, level: p.level, latestVersion: 0, publishedAt: p.publishedAt, versions: [] };
      edition.versions.push({ version: p.version, publicationId: p.id, sha256: p.sha256, reason: p.reason, publishedAt: p.publishedAt });
      if (p.version > edition.latestVersion) edition.latestVersion = p.version;
      editions.set(key, edition);
    }
    return [...editions.values()];
  }

  /** When a unit last changed: the public reads carry the units' current names, so their ETags include it. */
  unitsChangedAt(): Promise<string> {
    return unitsLastChange(this.db.manager);
  }

  /** The publication of a year and level: the latest version unless one is asked for. */
  async publication(year: number, level: string, version?: number): Promise<Publication> {
    const row = await this.db.getRepository(Publication).findOne({
      select: { id: true, cycleId: true, runId: true, year: true, level: true, version: true, sha256: true, previous: true, publishedAt: true, reason: true },
      where: { year, level, series: IsNull(), ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!row) throw DomainException.notFound('publication', `${year} ${level}${version ? ` version ${version}` : ''}`);
    return row;
  }

  async framework(publication: Publication): Promise<FrameworkVersionRow> {
    const run = await scoreRunById(this.db.manager, publication.runId);
    return frameworkVersionById(this.db.manager, run.frameworkId);
  }

  /**
   * The ranking of a year and level; of one group (its rows, its group rank as the rank) when a group is asked for.
   * A level that publishes one unit is refused: its result is a score card (nationalCard).
   */
  async ranking(year: number, level: string, version?: number, group?: string): Promise<PublicRanking> {
    assertRankedLevel(year, level);
    return this.rankingOf(await this.publication(year, level, version), group);
  }

  /**
   * What identifies a public ranking's reply before it is built (its ETag's parts): the publication (the latest
   * version unless one is asked for) and when a unit's name last changed (the rows carry the units' current names).
   */
  async rankingEdition(year: number, level: string, version?: number): Promise<RankingEdition> {
    assertRankedLevel(year, level);
    const [publication, unitsChangedAt] = await Promise.all([this.publication(year, level, version), this.unitsChangedAt()]);
    return { publication, unitsChangedAt };
  }

  /**
   * A ranking serialised, built once per edition and group and kept (the last few in memory): a repeated read is a
   * copy of the same bytes, a page a slice of them.
   */
  async rankingBody(edition: RankingEdition, group?: string): Promise<RankingBody> {
    const key = `${edition.publication.id}|${edition.unitsChangedAt}|${group ?? ''}`;
    const cached = this.rankingBodies.get(key);
    if (cached) return cached;
    const { rows, ...meta } = await this.rankingOf(edition.publication, group);
    const body = rankingBody(meta, rows, `${edition.publication.id}|${group ?? ''}`);
    this.rankingBodies.set(key, body);
    return body;
  }

  private async rankingOf(publication: Publication, group?: string): Promise<PublicRanking> {
    const { year, level } = publication;
    const framework = await this.framework(publication);
    const precision = framework.document.result.precision;
    const columns = rankingColumns(framework.document);
    // Only the nodes the ranking shows, not each unit's whole results document (see result-node-sql.ts).
    const nodeCodes = columns.filter((c) => c.kind !== 'pillar').map((c) => c.code);
    const results: FrozenRankingNodesRow[] = await this.db.query(
      `SELECT ${RANKING_NODES_COLUMNS}
         FROM publication_results r
         ${pickedNodes(nodeCodes, 2)}
        WHERE r.publication_id = $1`,
      [publication.id, ...nodeCodes],
    );
    const names = await unitNamesByIds(this.db.manager, results.map((r) => r.unit_id));
    const rows = results.map((r): PublicRankingRow => {
      const prev = publication.previous?.[r.unit_id];
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
        values: Object.fromEntries(
          columns.map((c) => {
            const n = c.kind === 'pillar' ? r.pillars[c.code] : r.nodes?.[c.code];
            return [c.code, n?.value === null || n?.value === undefined ? null : roundTo(n.value, precision)];
          }),
        ),
        previous: prev
          ? {
              ...prev,
              change: prev.value !== null && r.index_rounded !== null ? roundTo(r.index_rounded - prev.value, precision) : null,
              rankChange: prev.rank !== null && r.rank !== null ? prev.rank - r.rank : null,
            }
          : null,
      };
    });
    const groups = rankingGroups(rows);
    const shown = group === undefined ? rows : groupRows(rows, groups, group, level);
    shown.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.index ?? -1) - (a.index ?? -1) || a.code.localeCompare(b.code));
    return {
      year,
      level,
      version: publication.version,
      publicationId: publication.id,
      sha256: publication.sha256,
      framework: {
        code: framework.code,
        version: framework.version,
        nameVi: framework.nameVi,
        nameEn: framework.document.name.en ?? null,
        source: framework.document.source,
        sourceEn: framework.document.sourceEn ?? null,
      },
      columns,
      groups,
      group: group ?? null,
      rows: shown,
    };
  }

  /**
   * What the ranking page's reader re-weighting needs of a publication (reweighting.ts): the rule, each unit's parts
   * unrounded as the engine left them, its published rank and index. A level that publishes one unit is refused.
   */
  async reweighting(year: number, level: string, version?: number): Promise<PublicReweighting> {
    assertRankedLevel(year, level);
    const publication = await this.publication(year, level, version);
    const framework = (await this.framework(publication)).document;
    const rule = reweightRule(framework);
    const codes = rule.available ? rule.parts.map((p) => p.code) : [];
    const rows: { unit_code: string; unit_group: string | null; ranked: boolean; rank: number | null; group_rank: number | null; index_rounded: number | null; nodes: Record<string, { value: number | null } | null> }[] =
      await this.db.query(
        `SELECT r.unit_code, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, g.nodes
           FROM publication_results r ${pickedNodes(codes, 2)}
          WHERE r.publication_id = $1 ORDER BY r.unit_code`,
        [publication.id, ...codes],
      );
    const withinGroups = rows.some((r) => r.unit_group !== null);
    return {
      version: publication.version,
      scale: framework.result.scale,
      precision: framework.result.precision,
      withinGroups,
      units: rows.map((r) => ({
        code: r.unit_code,
        group: r.unit_group,
        ranked: r.ranked,
        rank: withinGroups ? r.group_rank : r.rank,
        index: r.index_rounded,
        values: codes.map((c) => r.nodes?.[c]?.value ?? null),
      })),
      ...rule,
    };
  }

  /**
   * The national score card of a year: the index, each top-level group and pillar with its value and points, and the
   * change from the previous national edition (null when none).
   */
  async nationalCard(year: number, version?: number): Promise<NationalScoreCard> {
    const publication = await this.publication(year, 'national', version);
    const framework = await this.framework(publication);
    const result = await this.db.getRepository(PublicationResult).findOneBy({ publicationId: publication.id });
    if (!result) throw DomainException.notFound('national result', `in the ${year} national publication`);
    const previous = await this.previousEdition(publication);
    const previousResult = previous ? await this.db.getRepository(PublicationResult).findOneBy({ publicationId: previous.id, unitId: result.unitId }) : null;
    const unit = (await unitNamesByIds(this.db.manager, [result.unitId])).get(result.unitId);
    return nationalScoreCard({
      publication,
      framework,
      unit: { code: result.unitCode, nameVi: unit?.nameVi ?? result.unitCode, nameEn: unit?.nameEn ?? null },
      result,
      previous: previous && previousResult ? { publication: previous, result: previousResult } : null,
    });
  }

  /**
   * The edition a national card compares with: the latest earlier year's latest version published before this one
   * (as the publication's own `previous` was taken at publish), so that a version's card never changes.
   */
  private async previousEdition(publication: Publication): Promise<Publication | null> {
    return this.db.getRepository(Publication).findOne({
      select: { id: true, runId: true, year: true, level: true, version: true, sha256: true, publishedAt: true },
      where: { level: publication.level, series: IsNull(), year: LessThan(publication.year), publishedAt: LessThanOrEqual(publication.publishedAt) },
      order: { year: 'DESC', version: 'DESC' },
    });
  }

  /** One unit's published values per node: value, points, contribution and rank, in the framework's order. */
  async scoreCard(year: number, level: string, code: string, version?: number) {
    return this.scoreCardOf(await this.publication(year, level, version), code);
  }

  /** One unit's published score card of a publication already looked up (the API's ETag is taken from it first). */
  async scoreCardOf(publication: Publication, code: string) {
    const { year, level } = publication;
    const framework = await this.framework(publication);
    const result = await this.db.getRepository(PublicationResult).findOneBy({ publicationId: publication.id, unitCode: code });
    if (!result) throw DomainException.notFound('unit', `${code} in the ${year} ${level} publication`);
    const lines = scoreCardLines(framework.document, result.nodes);
    const unit = (await unitNamesByIds(this.db.manager, [result.unitId])).get(result.unitId);
    return {
      year,
      level,
      version: publication.version,
      publicationId: publication.id,
      unit: { code, nameVi: unit?.nameVi ?? code, nameEn: unit?.nameEn ?? null, unitGroup: result.unitGroup },
      index: result.indexRounded,
      rank: result.rank,
      groupRank: result.groupRank,
      ranked: result.ranked,
      pillars: result.pillars,
      previous: publication.previous?.[result.unitId] ?? null,
      lines,
    };
  }

  /** The framework tree with points, weights and sources, as published. */
  async methodology(year: number, level: string, version?: number) {
    return this.methodologyOf(await this.publication(year, level, version));
  }

  /** The methodology of a publication already looked up (the API's ETag is taken from it first). */
  async methodologyOf(publication: Publication) {
    const { year, level } = publication;
    const framework = await this.framework(publication);
    return { year, level, version: publication.version, publicationId: publication.id, framework: framework.document };
  }
}

/** One group's rows of a grouped ranking, its group rank as the rank, last year's rank within the group beside it. */
function groupRows(rows: PublicRankingRow[], groups: RankingGroup[], group: string, level: string): PublicRankingRow[] {
  if (!groups.some((g) => g.code === group)) {
    const allowed = groups.map((g) => g.code);
    throw DomainException.validation([
      {
        field: 'group',
        rule: 'isIn',
        message: allowed.length ? `group must be one of ${allowed.join(', ')}` : `the ${level} ranking has no groups: leave group out`,
      },
    ]);
  }
  const own = rows.filter((r) => r.unitGroup === group);
  const lastYear = previousGroupRanks(own.map((r) => ({ code: r.code, ranked: r.ranked, previous: r.previous })));
  return own.map((r) => {
    const previousRank = lastYear.get(r.code) ?? null;
    return {
      ...r,
      rank: r.groupRank,
      previous: r.previous
        ? { ...r.previous, rank: previousRank, rankChange: previousRank !== null && r.groupRank !== null ? previousRank - r.groupRank : null }
        : null,
    };
  });
}
