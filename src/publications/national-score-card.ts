import { roundTo } from '../engine';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { FrameworkVersionRow } from '../frameworks/framework-versions.queries';
import type { StoredNodeResult } from '../scoring/stored-node-result';
import type { PublicationResult } from './publication-result.entity';
import type { Publication } from './publication.entity';

/** One node of a unit's published score card, in the framework's order. */
export interface ScoreCardLine {
  code: string;
  nameVi: string;
  nameEn: string | null;
  depth: number;
  leaf: boolean;
  illustrative: boolean;
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  contribution: number | null;
  rank: number | null;
}

/** A top-level group or a pillar of the national card: its value now and in the previous edition. */
export interface NationalCardPart {
  code: string;
  nameVi: string;
  nameEn: string | null;
  kind: 'group' | 'pillar';
  /** 0..1, rounded to the framework's precision as the index is. */
  value: number | null;
  /** Points to two decimals, of maxPoints (null for a pillar, which has no points). */
  points: number | null;
  maxPoints: number | null;
  previousValue: number | null;
  change: number | null;
}

export interface NationalScoreCard {
  year: number;
  level: 'national';
  version: number;
  publicationId: string;
  sha256: string;
  publishedAt: Date;
  framework: { code: string; version: string; nameVi: string; nameEn: string | null; source: string; sourceEn: string | null };
  unit: { code: string; nameVi: string; nameEn: string | null };
  index: number | null;
  parts: NationalCardPart[];
  /** The previous national edition and the index's change from it; null when none was published before. */
  previous: { year: number; version: number; publicationId: string; index: number | null; change: number | null } | null;
  lines: ScoreCardLine[];
}

/** Every node of the framework with the unit's published result, depth first, as the score cards list them. */
export function scoreCardLines(framework: Framework, nodes: Record<string, StoredNodeResult>): ScoreCardLine[] {
  const lines: ScoreCardLine[] = [];
  const walk = (list: FrameworkNode[], depth: number) => {
    for (const node of list) {
      const n = nodes[node.code];
      lines.push({
        code: node.code,
        nameVi: node.name.vi,
        nameEn: node.name.en ?? null,
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
  walk(framework.nodes, 0);
  return lines;
}

const change = (now: number | null, before: number | null, precision: number) => (now !== null && before !== null ? roundTo(now - before, precision) : null);
const rounded = (value: number | null | undefined, precision: number) => (value === null || value === undefined ? null : roundTo(value, precision));

/**
 * The card of the one unit of a national publication. The previous edition is read from its own frozen rows, part by
 * part, so the change of each group shows beside the index's; a previous edition of another framework compares only
 * the parts whose codes both have.
 */
export function nationalScoreCard(input: {
  publication: Publication;
  framework: FrameworkVersionRow;
  unit: NationalScoreCard['unit'];
  result: PublicationResult;
  previous: { publication: Publication; result: PublicationResult } | null;
}): NationalScoreCard {
  const { publication, framework, result, previous } = input;
  const document = framework.document;
  const precision = document.result.precision;
  const part = (code: string, name: FrameworkNode['name'], kind: NationalCardPart['kind'], now?: StoredNodeResult, before?: StoredNodeResult): NationalCardPart => {
    const value = rounded(now?.value, precision);
    const previousValue = rounded(before?.value, precision);
    return {
      code,
      nameVi: name.vi,
      nameEn: name.en ?? null,
      kind,
      value,
      points: kind === 'group' ? rounded(now?.points, 2) : null,
      maxPoints: kind === 'group' ? (now?.maxPoints ?? null) : null,
      previousValue,
      change: change(value, previousValue, precision),
    };
  };
  return {
    year: publication.year,
    level: 'national',
    version: publication.version,
    publicationId: publication.id,
    sha256: publication.sha256,
    publishedAt: publication.publishedAt,
    framework: {
      code: framework.code,
      version: framework.version,
      nameVi: framework.nameVi,
      nameEn: document.name.en ?? null,
      source: document.source,
      sourceEn: document.sourceEn ?? null,
    },
    unit: input.unit,
    index: result.indexRounded,
    parts: [
      ...document.nodes.map((n) => part(n.code, n.name, 'group', result.nodes[n.code], previous?.result.nodes[n.code])),
      ...(document.pillars ?? []).map((p) => part(p.code, p.name, 'pillar', result.pillars[p.code], previous?.result.pillars[p.code])),
    ],
    previous: previous
      ? {
          year: previous.publication.year,
          version: previous.publication.version,
          publicationId: previous.publication.id,
          index: previous.result.indexRounded,
          change: change(result.indexRounded, previous.result.indexRounded, precision),
        }
      : null,
    lines: scoreCardLines(document, result.nodes),
  };
}
