import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Framework, FrameworkNode } from '../../src/engine/framework.model';
import { frameworkLeaves } from '../../src/frameworks/framework-tree';

/** A shipped framework file (config/frameworks), parsed. */
export function frameworkFile(name: string): Framework {
  return parse(readFileSync(join(process.cwd(), 'config', 'frameworks', name), 'utf8')) as Framework;
}

export function firstLeaf(framework: Framework, test: (leaf: FrameworkNode) => boolean): FrameworkNode {
  const leaf = frameworkLeaves(framework).find((entry) => test(entry.node))?.node;
  if (!leaf) throw new Error(`no leaf of ${framework.code} ${framework.version} matches`);
  return leaf;
}
