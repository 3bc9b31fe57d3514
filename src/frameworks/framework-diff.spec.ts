import type { Framework } from '../engine/framework.model';
import { diffFrameworks } from './framework-diff';

const base: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2022,
  name: { vi: 'Thử' },
  source: 'test',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  nodes: [
    {
      code: 'A',
      name: { vi: 'Nhóm A' },
      children: [
        { code: 'A.1', name: { vi: 'Một' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
        { code: 'A.2', name: { vi: 'Hai' }, maxPoints: 5, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
      ],
    },
  ],
};

describe('diffFrameworks', () => {
  it('finds nothing between equal frameworks', () => {
    expect(diffFrameworks(base, structuredClone(base))).toEqual({ framework: [], added: [], removed: [], changed: [] });
  });

  it('lists added, removed and changed nodes with their fields, and top-level changes', () => {
    const next = structuredClone(base);
    next.version = '2';
    const group = next.nodes[0];
    group.children = [
      { ...group.children![1], maxPoints: 8 },
      { code: 'A.3', name: { vi: 'Ba' }, maxPoints: 2, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
    ];
    expect(diffFrameworks(base, next)).toEqual({
      framework: [{ field: 'version', from: '1', to: '2' }],
      added: ['A.3'],
      removed: ['A.1'],
      changed: [
        {
          code: 'A.2',
          fields: [
            { field: 'maxPoints', from: 5, to: 8 },
            { field: 'position', from: 1, to: 0 },
          ],
        },
      ],
    });
  });

  it('sees a node moved to another parent', () => {
    const next = structuredClone(base);
    const moved = next.nodes[0].children!.pop()!;
    next.nodes.push({ code: 'B', name: { vi: 'Nhóm B' }, children: [moved] });
    const diff = diffFrameworks(base, next);
    expect(diff.added).toEqual(['B']);
    expect(diff.changed).toEqual([
      { code: 'A.2', fields: [{ field: 'parent', from: 'A', to: 'B' }, { field: 'position', from: 1, to: 0 }] },
    ]);
  });
});
