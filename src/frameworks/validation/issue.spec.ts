import { dedupeIssues, joinPath, pathToSegments, pointerToPath } from './issue';

describe('issue paths', () => {
  it('turns ajv pointers into readable paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/nodes/2/children/4/scoring/target')).toBe('nodes[2].children[4].scoring.target');
    expect(pointerToPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });

  it('joins and splits paths symmetrically', () => {
    const path = ['nodes', 0, 'children', 12, 'scoring', 'bands', 1, 'min'].reduce<string>(joinPath, '');
    expect(path).toBe('nodes[0].children[12].scoring.bands[1].min');
    expect(pathToSegments(path)).toEqual(['nodes', 0, 'children', 12, 'scoring', 'bands', 1, 'min']);
    expect(pathToSegments('')).toEqual([]);
  });

  it('keeps the first issue of a path and rule', () => {
    const issues = dedupeIssues([
      { path: 'a', rule: 'positive', message: 'schema' },
      { path: 'a', rule: 'positive', message: 'semantic' },
      { path: 'a', rule: 'range', message: 'other rule' },
    ]);
    expect(issues.map((issue) => issue.message)).toEqual(['schema', 'other rule']);
  });
});
