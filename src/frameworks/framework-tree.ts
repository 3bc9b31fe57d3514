import type { Framework, FrameworkNode } from '../engine/framework.model';

export interface LeafEntry {
  node: FrameworkNode;
  /** Codes of the groups above the leaf, from the top. */
  ancestors: FrameworkNode[];
}

/** Every leaf of a framework in document order, with the groups above it. */
export function frameworkLeaves(framework: Framework): LeafEntry[] {
  const out: LeafEntry[] = [];
  const walk = (nodes: FrameworkNode[], ancestors: FrameworkNode[]) => {
    for (const node of nodes) {
      if (node.children?.length) walk(node.children, [...ancestors, node]);
      else out.push({ node, ancestors });
    }
  };
  walk(framework.nodes, []);
  return out;
}

export function leafIndex(framework: Framework): Map<string, LeafEntry> {
  return new Map(frameworkLeaves(framework).map((entry) => [entry.node.code, entry]));
}

/**
 * Whether every leaf is measured by a national system (`source: system`): a cycle on such a framework has no
 * self-assessment and no review, so it goes from open (values arriving) straight to scoring.
 */
export function isSystemOnly(framework: Framework): boolean {
  return frameworkLeaves(framework).every((leaf) => leaf.node.source === 'system');
}
