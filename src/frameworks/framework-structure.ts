import type { CST } from 'yaml';
import { FRAMEWORK_LIMITS, type FrameworkLimitBreach } from './framework-limits';
import { joinPath, type PathSegment } from './validation/issue';

type Limits = Pick<typeof FRAMEWORK_LIMITS, 'depth' | 'keysPerMap' | 'keysTotal' | 'aliases'>;

/** A limit broken in a YAML file's syntax tree, with the offset of the collection or alias that broke it. */
export type TokenBreach = FrameworkLimitBreach & { offset: number };

const depthMessage = (limit: number) => `nested deeper than ${limit} levels of maps and lists (the limit is ${limit})`;
const perMapMessage = (limit: number, count: number) => `a map or list of ${count} entries; the limit is ${limit} entries in one map or list`;
const totalMessage = (limit: number) => `more than ${limit} entries in all maps and lists together (the limit is ${limit})`;
const aliasMessage = (limit: number) => `more than ${limit} YAML aliases (*name); the limit is ${limit}`;

/**
 * Depth, entries and aliases of a YAML file from its syntax tree (yaml's Parser builds it without recursion), before
 * the composer builds the document: the composer recurses once a level and its duplicate-key check compares each key
 * of a map with every key before it, so a deep or wide file is refused before either starts. Walked with a stack of
 * its own, not by recursion.
 */
export function checkYamlTokens(tokens: readonly CST.Token[], limits: Limits = FRAMEWORK_LIMITS): TokenBreach | null {
  const stack: Array<{ token: CST.Token; depth: number }> = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push({ token: token.value, depth: 1 });
  let total = 0;
  let aliases = 0;
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'alias') {
      aliases += 1;
      if (aliases > limits.aliases) return { rule: 'aliases', limit: limits.aliases, path: '', message: aliasMessage(limits.aliases), offset: token.offset };
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth > limits.depth) return { rule: 'depth', limit: limits.depth, path: '', message: depthMessage(limits.depth), offset: token.offset };
    const count = token.items.length;
    if (count > limits.keysPerMap) return { rule: 'keys', limit: limits.keysPerMap, path: '', message: perMapMessage(limits.keysPerMap, count), offset: token.offset };
    total += count;
    if (total > limits.keysTotal) return { rule: 'keys', limit: limits.keysTotal, path: '', message: totalMessage(limits.keysTotal), offset: token.offset };
    for (const item of token.items) {
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Depth and entries of a parsed document (a JSON body, JSON.parse's result, or YAML's with its aliases expanded),
 * before the schema validator recurses into it. Stops at the first breach, so its own cost is bounded by the limits
 * (a cycle that aliases can make is stopped by the depth limit).
 */
export function checkDocumentShape(doc: unknown, limits: Limits = FRAMEWORK_LIMITS): FrameworkLimitBreach | null {
  interface Entry {
    value: unknown;
    depth: number;
    parent: Entry | null;
    key: PathSegment | null;
  }
  const pathOf = (entry: Entry): string => {
    const segments: PathSegment[] = [];
    for (let at: Entry | null = entry; at && at.key !== null; at = at.parent) segments.push(at.key);
    return segments.reverse().reduce<string>(joinPath, '');
  };
  const stack: Entry[] = [{ value: doc, depth: 1, parent: null, key: null }];
  let total = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.depth) return { rule: 'depth', limit: limits.depth, path: pathOf(entry), message: depthMessage(limits.depth) };
    const children: Array<[PathSegment, unknown]> = Array.isArray(value) ? value.map((child, index) => [index, child]) : Object.entries(value);
    if (children.length > limits.keysPerMap) {
      return { rule: 'keys', limit: limits.keysPerMap, path: pathOf(entry), message: perMapMessage(limits.keysPerMap, children.length) };
    }
    total += children.length;
    if (total > limits.keysTotal) return { rule: 'keys', limit: limits.keysTotal, path: pathOf(entry), message: totalMessage(limits.keysTotal) };
    for (const [key, child] of children) stack.push({ value: child, depth: depth + 1, parent: entry, key });
  }
  return null;
}
