/**
 * One mistake in a framework file. `path` names the offending value the way a person reads the file
 * (`nodes[2].children[4].scoring.target`; empty for the file as a whole), `rule` is a stable name that tests, the
 * CLI and the API can match on, and `message` explains it. `line` is added when the file's text is known; `limit`
 * when the rule is one of the file's bounds (framework-limits.ts), with that bound's value.
 */
export interface FrameworkIssue {
  path: string;
  rule: string;
  message: string;
  line?: number;
  limit?: number;
}

export type PathSegment = string | number;

export function joinPath(base: string, key: PathSegment): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** `/nodes/2/children/4/scoring` (ajv's JSON pointer) to `nodes[2].children[4].scoring`. */
export function pointerToPath(pointer: string): string {
  return pointerToSegments(pointer).reduce<string>(joinPath, '');
}

export function pointerToSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** The inverse of joinPath, for finding the line of a path in the file's text. */
export function pathToSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

/** The first issue of a path and rule wins: the schema's wording comes before a semantic check saying the same. */
export function dedupeIssues(issues: FrameworkIssue[]): FrameworkIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
