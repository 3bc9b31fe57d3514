import type { Framework } from '../engine/framework.model';
import { diffFrameworks } from '../frameworks/framework-diff';
import { countNodes, diffRows, frameworkTree, inputText, scoringText } from './framework-tree.model';

const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2024,
  name: { vi: 'Bộ thử', en: 'Test set' },
  source: 'test',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  pillars: [{ code: 'P', name: { vi: 'Trụ cột', en: 'Pillar' }, members: [{ node: 'A' }, { node: 'B', weight: 2 }] }],
  nodes: [
    {
      code: 'A',
      name: { vi: 'Nhóm A', en: 'Group A' },
      maxPoints: 30,
      children: [
        { code: 'A.1', name: { vi: 'Tỷ lệ' }, maxPoints: 10, input: { type: 'percent', min: 0, max: 100, unit: '%' }, scoring: { rule: 'ratio', target: 100 }, source: 'system' },
        {
          code: 'A.2',
          name: { vi: 'Mức', en: 'Level' },
          maxPoints: 20,
          input: { type: 'choice' },
          scoring: { rule: 'choice', options: [{ value: 'a', points: 0 }, { value: 'b', points: 20 }] },
          source: 'self',
          evidence: 'required',
          required: false,
        },
      ],
    },
    { code: 'B', name: { vi: 'Chỉ tiêu B' }, maxPoints: 5, input: { type: 'numbers', names: ['tu', 'mau'] }, scoring: { rule: 'bands', bands: [{ min: 0, points: 0 }, { min: 50, points: 5 }] } },
  ],
};

describe('framework tree model (the administrator\'s framework pages)', () => {
  it('nests groups and indicators with points, inputs, rules, sources and the page language\'s names', () => {
    const tree = frameworkTree(framework, 'en');
    expect(tree.count).toBe(4);
    expect(tree.leaves).toBe(3);
    expect(tree.nodes.map((n) => [n.code, n.kind, n.depth, n.name])).toEqual([
      ['A', 'group', 1, 'Group A'],
      ['B', 'leaf', 1, 'Chỉ tiêu B'],
    ]);
    expect(tree.nodes[0].children.map((n) => [n.code, n.maxPoints, n.input, n.scoring, n.source, n.evidence, n.required])).toEqual([
      ['A.1', 10, 'percent 0–100 %', 'ratio, target 100', 'system', null, true],
      ['A.2', 20, 'choice', 'choice a: 0 · b: 20', 'self', 'required', false],
    ]);
    expect(tree.nodes[0].input).toBeNull();
    expect(tree.pillars).toEqual([{ code: 'P', name: 'Pillar', aggregation: null, members: ['A', 'B × 2'] }]);
    expect(frameworkTree(framework, 'vi').nodes[0].name).toBe('Nhóm A');
  });

  it('writes inputs and rules in one line, and counts every node', () => {
    expect(inputText({ type: 'numbers', names: ['tu', 'mau'] })).toBe('numbers (tu, mau)');
    expect(inputText({ type: 'integer', min: 0 })).toBe('integer 0–…');
    expect(inputText(undefined)).toBeNull();
    expect(scoringText({ rule: 'bands', bands: [{ min: 0, points: 0 }, { min: 50, points: 5 }] })).toBe('bands ≥0: 0 · ≥50: 5');
    expect(scoringText({ rule: 'formula', expression: 'tu / mau' })).toBe('formula tu / mau');
    expect(scoringText({ rule: 'manual' })).toBe('manual');
    expect(countNodes(framework.nodes)).toBe(4);
  });

  it('turns a diff into one row per changed field, long values cut', () => {
    const renamed: Framework = { ...framework, version: '2', nodes: [{ ...framework.nodes[0], name: { vi: 'Nhóm A mới' } }, { ...framework.nodes[1], description: { vi: 'x'.repeat(400) } }] };
    const rows = diffRows(diffFrameworks(framework, renamed));
    expect(rows.framework).toEqual([{ code: '', field: 'version', from: '1', to: '2' }]);
    expect(rows.nodes.map((r) => [r.code, r.field, r.from])).toEqual([
      ['A', 'name', '{"vi":"Nhóm A","en":"Group A"}'],
      ['B', 'description', '—'],
    ]);
    expect(rows.nodes[1].to.length).toBe(300);
  });
});
