import type { Framework, FrameworkNode } from '../engine/framework.model';

/** A column of a published ranking: a top-level group, a main indicator or a pillar. */
export interface RankingColumn {
  code: string;
  nameVi: string;
  nameEn: string | null;
  kind: 'group' | 'main' | 'pillar';
}

/**
 * The columns a ranking shows: the top-level groups and the main indicators below them, then the pillars. Kept
 * apart from the public read service so that the export process can use it without loading Nest.
 */
export function rankingColumns(framework: Framework): RankingColumn[] {
  const out: RankingColumn[] = [];
  const walk = (nodes: FrameworkNode[]) => {
    for (const node of nodes) {
      if (!node.children?.length) continue;
      const main = node.children.every((c) => !c.children?.length);
      out.push({ code: node.code, nameVi: node.name.vi, nameEn: node.name.en ?? null, kind: main ? 'main' : 'group' });
      if (!main) walk(node.children);
    }
  };
  walk(framework.nodes);
  for (const p of framework.pillars ?? []) out.push({ code: p.code, nameVi: p.name.vi, nameEn: p.name.en ?? null, kind: 'pillar' });
  return out;
}
