import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { roundTo } from '../engine';
import type { FrameworkNode } from '../engine/framework.model';
import { frameworkVersionById, type FrameworkVersionRow } from '../frameworks/framework-versions.queries';
import { pickedNodes } from '../scoring/result-node-sql';
import { scoreRunById } from '../scoring/score-runs.queries';
import { unitNamesByIds } from '../units/units.queries';
import { PublicationResult } from './publication-result.entity';
import { RANKING_NODES_COLUMNS, type FrozenRankingNodesRow } from './publication-results.queries';
import { Publication } from './publication.entity';
import { rankingColumns, type RankingColumn } from './ranking-columns';

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
  framework: { code: string; version: string; nameVi: string; source: string };
  columns: RankingColumn[];
  rows: PublicRankingRow[];
}

export interface ScoreCardLine {
  code: string;
  nameVi: string;
  depth: number;
  leaf: boolean;
  illustrative: boolean;
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  contribution: number | null;
  rank: number | null;
}

/**
 * What anyone may read without signing in: published rankings, score cards and methodology, read from each
 * publication's frozen rows (publication_results), never from the run's score_results, which stay writable.
 */
@Injectable()
export class PublicResultsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async editions(): Promise<PublishedEdition[]> {
    const rows = await this.db.getRepository(Publication).find({
      select: { id: true, year: true, level: true, version: true, sha256: true, reason: true, publishedAt: true },
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

  /** The publication of a year and level: the latest version unless one is asked for. */
  async publication(year: number, level: string, version?: number): Promise<Publication> {
    const row = await this.db.getRepository(Publication).findOne({
      select: { id: true, cycleId: true, runId: true, year: true, level: true, version: true, sha256: true, previous: true, publishedAt: true, reason: true },
      where: { year, level, ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!row) throw DomainException.notFound('publication', `${year} ${level}${version ? ` version ${version}` : ''}`);
    return row;
  }

  async framework(publication: Publication): Promise<FrameworkVersionRow> {
    const run = await scoreRunById(this.db.manager, publication.runId);
    return frameworkVersionById(this.db.manager, run.frameworkId);
  }

  async ranking(year: number, level: string, version?: number): Promise<PublicRanking> {
    const publication = await this.publication(year, level, version);
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
    rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.index ?? -1) - (a.index ?? -1) || a.code.localeCompare(b.code));
    return {
      year,
      level,
      version: publication.version,
      publicationId: publication.id,
      sha256: publication.sha256,
      framework: { code: framework.code, version: framework.version, nameVi: framework.nameVi, source: framework.document.source },
      columns,
      rows,
    };
  }

  /** One unit's published values per node: value, points, contribution and rank, in the framework's order. */
  async scoreCard(year: number, level: string, code: string, version?: number) {
    const publication = await this.publication(year, level, version);
    const framework = await this.framework(publication);
    const result = await this.db.getRepository(PublicationResult).findOneBy({ publicationId: publication.id, unitCode: code });
    if (!result) throw DomainException.notFound('unit', `${code} in the ${year} ${level} publication`);
    const lines: ScoreCardLine[] = [];
    const walk = (nodes: FrameworkNode[], depth: number) => {
      for (const node of nodes) {
        const n = result.nodes[node.code];
        lines.push({
          code: node.code,
          nameVi: node.name.vi,
          depth,
          leaf: !node.children?.length,
          illustrative: node.illustrative === true,
          value: n?.value ?? null,
          points: n?.points ?? null,
          maxPoints: n?.maxPoints ?? node.maxPoints ?? null,
          contribution: n?.contribution ?? null,
          rank: n?.rank ?? null,
        });
        if (node.children) walk(node.children, depth + 1);
      }
    };
    walk(framework.document.nodes, 0);
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
    const publication = await this.publication(year, level, version);
    const framework = await this.framework(publication);
    return { year, level, version: publication.version, publicationId: publication.id, framework: framework.document };
  }
}
