import type { Framework } from '../engine/framework.model';
import { diffFrameworks } from '../frameworks/framework-diff';
import { translator } from './i18n';
import { aggregationText, countNodes, diffRows, frameworkTree, inputText, lockedText, scoringText, sourceText } from './framework-tree.model';

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
      ['A.1', 10, 'Percentage 0–100 %', 'In proportion to the target 100', 'system', null, true],
      ['A.2', 20, 'One of the options', 'By option a: 0 · b: 20', 'self', 'required', false],
    ]);
    expect(tree.nodes[0].input).toBeNull();
    expect(tree.pillars).toEqual([{ code: 'P', name: 'Pillar', aggregation: null, members: ['A', 'B × 2'] }]);
    expect(frameworkTree({ ...framework, pillars: [{ ...framework.pillars![0], aggregation: 'geometric_mean' }] }, 'vi').pillars[0].aggregation).toBe('Trung bình nhân có trọng số');
    expect(frameworkTree(framework, 'vi').nodes[0].name).toBe('Nhóm A');
  });

  it('writes inputs, rules and aggregations in the page\'s words, options by their labels, and counts every node', () => {
    const vi = translator('vi');
    const en = translator('en');
    expect(inputText({ type: 'numbers', names: ['tu', 'mau'] }, vi)).toBe('Nhiều số (tu, mau)');
    expect(inputText({ type: 'integer', min: 0 }, en)).toBe('Whole number 0–…');
    expect(inputText({ type: 'boolean' }, vi)).toBe('Có/Không');
    expect(inputText(undefined, vi)).toBeNull();
    expect(scoringText({ rule: 'ratio', target: 100 }, vi, 'vi')).toBe('Theo tỷ lệ so với mục tiêu 100');
    expect(scoringText({ rule: 'bands', bands: [{ min: 0, points: 0 }, { min: 50, points: 5 }] }, vi, 'vi')).toBe('Theo ngưỡng ≥0: 0 · ≥50: 5');
    const options = { rule: 'choice' as const, options: [{ value: 'none', points: 0, label: { vi: 'Chưa có', en: 'None yet' } }, { value: 'full', points: 10 }] };
    expect(scoringText(options, vi, 'vi')).toBe('Theo phương án Chưa có: 0 · full: 10');
    expect(scoringText(options, en, 'en')).toBe('By option None yet: 0 · full: 10');
    expect(scoringText({ rule: 'formula', expression: 'tu / mau' }, vi, 'vi')).toBe('Theo công thức tu / mau');
    expect(scoringText({ rule: 'manual' }, vi, 'vi')).toBe('Chuyên gia cho điểm');
    expect(scoringText({ rule: 'boolean' }, en, 'en')).toBe('Yes: full points; no: 0 points');
    expect(aggregationText('weighted_mean', vi)).toBe('Trung bình cộng có trọng số');
    expect(aggregationText('points', en)).toBe('Sum of points');
    expect(aggregationText(undefined, en)).toBeNull();
    expect(countNodes(framework.nodes)).toBe(4);
  });

  it('says why a version is locked by the cycle\'s year and level, and the source note in the page\'s language', () => {
    const reason = 'used by cycle 2022 province (0b7c9a52-1f7e-4a57-9a43-5f2b4a0e2c11)';
    expect(lockedText(reason, translator('vi'))).toBe('được kỳ đánh giá năm 2022 cấp tỉnh, thành phố sử dụng');
    expect(lockedText(reason, translator('en'))).toBe('used by the 2022 cycle of level province or city');
    expect(lockedText('giữ lại để đối chiếu', translator('en'))).toBe('giữ lại để đối chiếu');
    expect(lockedText(null, translator('vi'))).toBe('');
    expect(sourceText({ source: 'Quyết định 922', sourceEn: 'Decision 922' }, 'en')).toBe('Decision 922');
    expect(sourceText({ source: 'Quyết định 922', sourceEn: 'Decision 922' }, 'vi')).toBe('Quyết định 922');
    expect(sourceText({ source: 'Quyết định 922' }, 'en')).toBe('Quyết định 922');
  });

  it('turns a diff into one row per changed field, long values cut', () => {
    const renamed: Framework = { ...framework, version: '2', nodes: [{ ...framework.nodes[0], name: { vi: 'Nhóm A mới' } }, { ...framework.nodes[1], description: { vi: 'x'.repeat(400) } }] };
    const rows = diffRows(diffFrameworks(framework, renamed), 'vi');
    expect(rows.framework).toEqual([{ code: '', field: 'version', from: '1', to: '2' }]);
    // A name in the page's language, not its JSON.
    expect(rows.nodes.map((r) => [r.code, r.field, r.from, r.to.length])).toEqual([
      ['A', 'name', 'Nhóm A', 'Nhóm A mới'.length],
      ['B', 'description', '—', 300],
    ]);
    expect(diffRows(diffFrameworks(framework, renamed), 'en').nodes[0].from).toBe('Group A');
    const rescored: Framework = { ...framework, aggregation: 'weighted_mean', nodes: [framework.nodes[0], { ...framework.nodes[1], scoring: { rule: 'ratio', target: 50 } }] };
    const changed = diffRows(diffFrameworks(framework, rescored), 'vi');
    expect(changed.framework).toEqual([{ code: '', field: 'aggregation', from: 'Cộng điểm', to: 'Trung bình cộng có trọng số' }]);
    expect(changed.nodes).toEqual([{ code: 'B', field: 'scoring', from: 'Theo ngưỡng ≥0: 0 · ≥50: 5', to: 'Theo tỷ lệ so với mục tiêu 50' }]);
  });
});
