/**
 * The bounds a framework file must stay within before it is parsed further or validated, in one place: whoever
 * sends a file (the API, the admin's import page, the CLI) meets the same ones. The shipped frameworks are far
 * inside them (the largest, pdti-2021..2023: 73 KB, 11 levels, 22 entries in its largest map or list, 2,413 in all,
 * no aliases), so a real framework never comes near; a file beyond them is a mistake or an attack.
 */
export const FRAMEWORK_LIMITS = {
  /** Bytes of the file's text (UTF-8): 413 beyond it. */
  bytes: 1_048_576,
  /** Levels of maps and lists, the document itself being the first; the schema validator recurses once a level. */
  depth: 100,
  /** Entries of one map or list: YAML's duplicate-key check compares each key with the ones before it. */
  keysPerMap: 1_000,
  /** Entries of all maps and lists together, aliases counted as often as they are used. */
  keysTotal: 100_000,
  /** YAML aliases (`*name`) in the file; the real frameworks use none. */
  aliases: 100,
  /** Milliseconds that parsing and validating one file may take, in the parser's worker thread. */
  timeMs: 10_000,
  /** Megabytes of heap of the parser's worker thread (a file within the limits above needs a small part of it). */
  heapMb: 256,
} as const;

/** The name of a broken limit, as `rule` of the refusal. */
export type FrameworkLimitRule = 'size' | 'depth' | 'keys' | 'aliases' | 'time' | 'memory';

export const FRAMEWORK_LIMIT_RULES: readonly FrameworkLimitRule[] = ['size', 'depth', 'keys', 'aliases', 'time', 'memory'];

/** A limit broken by a framework file: which one, its value, and where in the file if known. */
export interface FrameworkLimitBreach {
  rule: FrameworkLimitRule;
  limit: number;
  path: string;
  message: string;
}

export const isLimitRule = (rule: string): rule is FrameworkLimitRule => (FRAMEWORK_LIMIT_RULES as readonly string[]).includes(rule);
