import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import { formatOf, loadFrameworkDocument, loadFrameworkText, parseFrameworkText } from './framework-file';
import { FRAMEWORK_LIMITS } from './framework-limits';
import { frameworkPeriod } from './framework-period';
import { trajectoryAt } from './trajectory';

const FRAMEWORKS_DIR = join(__dirname, '../../config/frameworks');
const BROKEN_DIR = join(__dirname, '../../test/fixtures/frameworks/broken');

interface BrokenCase {
  file: string;
  mistake: string;
  errors: Array<{ path: string; rule: string; line?: number }>;
}

function load(fileName: string): Framework {
  const result = loadFrameworkText(readFileSync(join(FRAMEWORKS_DIR, fileName), 'utf8'), fileName);
  if (!result.ok) throw new Error(`${fileName}:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.framework;
}

const maxOf = (node: FrameworkNode): number =>
  node.maxPoints ?? (node.children ?? []).reduce((sum, child) => sum + maxOf(child), 0);
const pointsByCode = (nodes: FrameworkNode[]): Record<string, number> =>
  Object.fromEntries(nodes.map((node) => [node.code, maxOf(node)]));
const leavesOf = (node: FrameworkNode): FrameworkNode[] => (node.children ? node.children.flatMap(leavesOf) : [node]);
const allNodes = (nodes: FrameworkNode[]): FrameworkNode[] => nodes.flatMap((node) => [node, ...allNodes(node.children ?? [])]);

describe('parseFrameworkText', () => {
  it('reads YAML and JSON, by extension or by content', () => {
    expect(formatOf('{}', 'a.json')).toBe('json');
    expect(formatOf('code: X', 'a.yml')).toBe('yaml');
    expect(formatOf('  {"code": "X"}', 'upload')).toBe('json');
    expect(parseFrameworkText('code: X\n', 'f.yaml')).toMatchObject({ ok: true, doc: { code: 'X' }, format: 'yaml' });
    expect(parseFrameworkText('\uFEFF{"code": "X"}', 'f.json')).toMatchObject({ ok: true, doc: { code: 'X' }, format: 'json' });
  });

  it('reports a YAML syntax error with its line', () => {
    const result = parseFrameworkText('code: X\nnodes: [a,\n  b: 1\n', 'f.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: '', rule: 'syntax', line: expect.any(Number) });
  });

  it('reports a duplicate YAML key as a syntax error', () => {
    const result = parseFrameworkText('code: X\ncode: Y\n', 'f.yaml');
    expect(result).toMatchObject({ ok: false, errors: [{ rule: 'syntax', line: 2 }] });
  });

  it('reports a JSON syntax error with its line', () => {
    const result = parseFrameworkText('{\n  "code": "X",\n  "version": "1"\n  "year": 2022\n}\n', 'f.json');
    expect(result).toMatchObject({ ok: false, errors: [{ rule: 'syntax', line: 4 }] });
    expect(parseFrameworkText('{ "code": }', 'f.json')).toMatchObject({ ok: false, errors: [{ path: '', rule: 'syntax' }] });
  });

  it('refuses YAML alias bombs, naming the aliases limit', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'];
    expect(parseFrameworkText(bomb.join('\n'), 'bomb.yaml')).toMatchObject({ ok: false, errors: [{ rule: 'aliases', limit: FRAMEWORK_LIMITS.aliases }] });
    // Many aliases of a plain value expand to little, but are counted too.
    const many = ['a: &a x', `b: [${Array.from({ length: FRAMEWORK_LIMITS.aliases + 1 }, () => '*a').join(', ')}]`].join('\n');
    expect(parseFrameworkText(many, 'many.yaml')).toMatchObject({ ok: false, errors: [{ rule: 'aliases', limit: FRAMEWORK_LIMITS.aliases, line: 2 }] });
  });

  it('refuses a file over the size limit (413 by the API), before parsing it', () => {
    const text = `code: X\nnote: "${'x'.repeat(FRAMEWORK_LIMITS.bytes)}"\n`;
    expect(parseFrameworkText(text, 'big.yaml')).toMatchObject({ ok: false, errors: [{ path: '', rule: 'size', limit: FRAMEWORK_LIMITS.bytes }] });
  });

  it('refuses YAML too deep or too wide from its syntax tree, with the line, before the composer runs', () => {
    const wide = Array.from({ length: FRAMEWORK_LIMITS.keysPerMap + 1 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(parseFrameworkText(`code: X\nextra:\n${wide.replace(/^/gm, '  ')}\n`, 'wide.yaml')).toMatchObject({
      ok: false,
      errors: [{ path: '', rule: 'keys', limit: FRAMEWORK_LIMITS.keysPerMap, line: 3 }],
    });
    const deep = `code: X\nnodes: ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`;
    expect(parseFrameworkText(deep, 'deep.yaml')).toMatchObject({ ok: false, errors: [{ rule: 'depth', limit: FRAMEWORK_LIMITS.depth, line: 2 }] });
    // Block nesting too: a map in a map, one more level per line.
    const block = Array.from({ length: FRAMEWORK_LIMITS.depth + 1 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n') + ' 1\n';
    expect(parseFrameworkText(block, 'block.yaml')).toMatchObject({ ok: false, errors: [{ rule: 'depth', limit: FRAMEWORK_LIMITS.depth }] });
  });

  it('refuses JSON too deep or too wide once parsed, naming where', () => {
    const deep = `{"code":"X","nodes":${'['.repeat(3_000)}${']'.repeat(3_000)}}`;
    const result = parseFrameworkText(deep, 'deep.json');
    expect(result).toMatchObject({ ok: false, errors: [{ rule: 'depth', limit: FRAMEWORK_LIMITS.depth }] });
    if (!result.ok) expect(result.errors[0].path).toMatch(/^nodes(\[0\])+$/);
    const wide = JSON.stringify({ code: 'X', extra: Object.fromEntries(Array.from({ length: FRAMEWORK_LIMITS.keysPerMap + 1 }, (_, i) => [`k${i}`, i])) });
    expect(parseFrameworkText(wide, 'wide.json')).toMatchObject({ ok: false, errors: [{ path: 'extra', rule: 'keys', limit: FRAMEWORK_LIMITS.keysPerMap }] });
  });

  it('reads a JSON upload as JSON by its media type, whatever its name', () => {
    expect(formatOf('  [1]', 'upload', 'application/json; charset=utf-8')).toBe('json');
    expect(formatOf('{a: 1}', 'upload', 'application/yaml')).toBe('yaml');
    // Duplicate keys are JSON's business (the last wins) but a YAML error: this one was read as JSON.
    expect(parseFrameworkText('{"code": "X", "code": "Y"}', 'framework', 'application/json')).toMatchObject({ ok: true, format: 'json', doc: { code: 'Y' } });
  });

  it('passes a document to the validator only within the limits (a JSON body)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3_000; i++) deep = [deep];
    expect(loadFrameworkDocument({ code: 'X', nodes: deep })).toMatchObject({ ok: false, errors: [{ rule: 'depth', limit: FRAMEWORK_LIMITS.depth }] });
  });

  it('gives validation issues the line of the value they name', () => {
    const text = readFileSync(join(FRAMEWORKS_DIR, 'pdti-2022.yaml'), 'utf8').replace('maxPoints: 500', 'maxPoints: 501');
    const result = loadFrameworkText(text, 'pdti-2022.yaml');
    const line = text.split('\n').findIndex((row) => row.includes('maxPoints: 501')) + 1;
    expect(result.ok ? [] : result.errors).toContainEqual(expect.objectContaining({ path: 'nodes[0].maxPoints', rule: 'sum', line }));
  });
});

describe('shipped frameworks', () => {
  const files = ['pdti-2020.yaml', 'pdti-2021.yaml', 'pdti-2022.yaml', 'pdti-2023.yaml', 'pdti-2024.yaml', 'mdti-2022.yaml', 'ndti-2024.yaml'];

  it.each(files)('%s validates, adds up to 1000 points and says what is illustrative', (file) => {
    const framework = load(file);
    expect(framework.nodes.reduce((sum, node) => sum + maxOf(node), 0)).toBe(1000);
    const nodes = allNodes(framework.nodes);
    expect(nodes.some((node) => node.illustrative)).toBe(true);
    // The note in both languages: Vietnamese in `source`, English in `sourceEn`, each saying what is official.
    expect(framework.source).toMatch(/CHÍNH THỨC/);
    expect(framework.source).toMatch(/MINH HỌA \(không chính thức\)/);
    expect(framework.sourceEn).toMatch(/OFFICIAL/);
    expect(framework.sourceEn).toMatch(/ILLUSTRATIVE \(not official\)/);
    for (const leaf of nodes.filter((node) => !node.children)) {
      expect(leaf.scoring).toBeDefined();
      expect(leaf.normalization).toBeUndefined();
    }
  });

  it.each(['pdti-2021.yaml', 'pdti-2022.yaml', 'pdti-2023.yaml'])('%s has the 922 groups, main indicators, points and sub-indicator counts', (file) => {
    const framework = load(file);
    expect(framework).toMatchObject({ level: 'province', aggregation: 'points', result: { scale: 1, precision: 4 } });
    expect(pointsByCode(framework.nodes)).toEqual({ I: 500, II: 500 });
    const mains = framework.nodes.flatMap((group) => group.children ?? []);
    expect(pointsByCode(mains)).toEqual({ NT: 100, TC: 100, HT: 100, NL: 100, AT: 100, DT: 0, CQ: 200, KT: 150, XH: 150 });
    expect(mains.map((main) => (main.children ?? []).length)).toEqual([10, 11, 7, 13, 12, 3, 22, 12, 8]);
    expect(mains.every((main) => !main.illustrative)).toBe(true);
    expect(mains.flatMap(leavesOf).every((leaf) => leaf.illustrative)).toBe(true);
    expect(framework.pillars?.map((pillar) => pillar.code)).toEqual(['CQS', 'KTS', 'XHS']);
  });

  it('keeps the three 922 years identical but for their year', () => {
    const strip = (framework: Framework) => JSON.stringify({ ...framework, version: '', year: 0, name: '', source: '', sourceEn: '' });
    const [a, b, c] = ['pdti-2021.yaml', 'pdti-2022.yaml', 'pdti-2023.yaml'].map(load).map(strip);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('pdti-2020 weighs its three pillars 0.4 / 0.3 / 0.3, each aggregated by points', () => {
    const framework = load('pdti-2020.yaml');
    expect(framework.aggregation).toBe('weighted_mean');
    expect(framework.nodes.map(({ code, maxPoints, weight, aggregation }) => ({ code, maxPoints, weight, aggregation }))).toEqual([
      { code: 'CQS', maxPoints: 400, weight: 0.4, aggregation: 'points' },
      { code: 'KTS', maxPoints: 300, weight: 0.3, aggregation: 'points' },
      { code: 'XHS', maxPoints: 300, weight: 0.3, aggregation: 'points' },
    ]);
    expect(framework.nodes.map((pillar) => (pillar.children ?? []).length)).toEqual([7, 7, 7]);
  });

  it('pdti-2020 pillar weights reproduce the published DTI 2020 from the published pillar values', () => {
    const weights = Object.fromEntries(load('pdti-2020.yaml').nodes.map((pillar) => [pillar.code, pillar.weight ?? 1]));
    const published = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/dti-2020-pillars.json'), 'utf8')) as {
      units: Array<{ name: string; dti: number; pillars: Record<string, number> }>;
    };
    for (const unit of published.units) {
      const dti = Object.entries(unit.pillars).reduce((sum, [code, value]) => sum + weights[code] * value, 0);
      expect({ name: unit.name, dti: Math.round(dti * 1e4) / 1e4 }).toEqual({ name: unit.name, dti: unit.dti });
    }
  });

  it('pdti-2024 has the 8 main indicators of 922 without Đô thị thông minh, 47 sub-indicators', () => {
    const framework = load('pdti-2024.yaml');
    expect(framework.nodes.map((node) => node.code)).toEqual(['NT', 'TC', 'HT', 'NL', 'AT', 'CQ', 'KT', 'XH']);
    expect(framework.nodes.flatMap(leavesOf)).toHaveLength(47);
  });

  it('ndti-2024 has Chính phủ số 400 / Kinh tế số 300 / Xã hội số 300 with 4 / 3 / 5 indicators', () => {
    const framework = load('ndti-2024.yaml');
    expect(pointsByCode(framework.nodes)).toEqual({ CPS: 400, KTS: 300, XHS: 300 });
    expect(framework.nodes.map((group) => (group.children ?? []).length)).toEqual([4, 3, 5]);
  });

  it('mdti-2022 has 6 main indicators at ministry level', () => {
    const framework = load('mdti-2022.yaml');
    expect(framework.level).toBe('ministry');
    expect(framework.nodes).toHaveLength(6);
  });

  it('exercise every scoring rule, source and evidence policy the platform offers', () => {
    const leaves = files.map(load).flatMap((framework) => framework.nodes.flatMap(leavesOf));
    expect(new Set(leaves.map((leaf) => leaf.scoring?.rule))).toEqual(new Set(['boolean', 'ratio', 'bands', 'choice', 'formula', 'manual']));
    expect(new Set(leaves.map((leaf) => leaf.source))).toEqual(new Set(['self', 'expert', 'system']));
    expect(new Set(leaves.map((leaf) => leaf.evidence))).toEqual(new Set(['required', 'optional', 'none']));
  });
});

describe('shipped monthly monitoring frameworks (#21)', () => {
  const monthly = ['service-index-766.yaml', 'service-index-766-ministry.yaml', 'online-services-rate.yaml', 'online-services-rate-ministry.yaml'];
  const yearly = ['pdti-2020.yaml', 'pdti-2021.yaml', 'pdti-2022.yaml', 'pdti-2023.yaml', 'pdti-2024.yaml', 'mdti-2022.yaml', 'ndti-2024.yaml'];

  it('lists every shipped file as yearly or monthly', () => {
    expect(readdirSync(FRAMEWORKS_DIR).filter((file) => file.endsWith('.yaml')).sort()).toEqual([...monthly, ...yearly].sort());
  });

  it.each(yearly)('%s is yearly by default', (file) => {
    expect(load(file).period).toBeUndefined();
    expect(frameworkPeriod(load(file))).toBe('year');
  });

  it.each(monthly)('%s validates, is monthly, 100 points as the index, and says what is official and what is not', (file) => {
    const framework = load(file);
    expect(frameworkPeriod(framework)).toBe('month');
    expect(framework).toMatchObject({ aggregation: 'points', result: { scale: 100, precision: 2 } });
    expect(framework.nodes.reduce((sum, node) => sum + maxOf(node), 0)).toBe(100);
    expect(framework.source).toMatch(/CHÍNH THỨC/);
    expect(framework.source).toMatch(/MINH HỌA \(không chính thức\)/);
    expect(framework.sourceEn).toMatch(/OFFICIAL/);
    expect(framework.sourceEn).toMatch(/ILLUSTRATIVE \(not official\)/);
    for (const leaf of framework.nodes.flatMap(leavesOf)) expect(leaf).toMatchObject({ source: 'system', evidence: 'none' });
  });

  it.each([
    ['service-index-766.yaml', 'SI766', 'province'],
    ['service-index-766-ministry.yaml', 'SI766-BO', 'ministry'],
  ])("%s has Decision 766's five groups and points; its criteria's split is illustrative, ratios keep their counts", (file, code, level) => {
    const framework = load(file);
    expect(framework).toMatchObject({ code, level, year: 2022 });
    expect(pointsByCode(framework.nodes)).toEqual({ CK: 18, TD: 20, SH: 22, DV: 22, HL: 18 });
    expect(framework.nodes.map((group) => group.name.vi)).toEqual(['Công khai, minh bạch', 'Tiến độ, kết quả giải quyết', 'Số hóa hồ sơ', 'Cung cấp dịch vụ trực tuyến', 'Mức độ hài lòng']);
    expect(framework.nodes.every((group) => !group.illustrative)).toBe(true);
    const leaves = framework.nodes.flatMap(leavesOf);
    expect(leaves.every((leaf) => leaf.illustrative)).toBe(true);
    const counted = leaves.filter((leaf) => leaf.input?.type === 'numbers');
    expect(counted.length).toBeGreaterThanOrEqual(leaves.length - 2);
    for (const leaf of counted) {
      expect(leaf.input?.names).toEqual(['numerator', 'denominator']);
      expect(leaf.scoring).toEqual({ rule: 'formula', expression: 'denominator > 0 ? min(1, numerator / denominator) * maxPoints : 0' });
    }
  });

  it('ships the ministry 766 file with the same tree as the province one', () => {
    const tree = (file: string) => JSON.stringify(load(file).nodes);
    expect(tree('service-index-766-ministry.yaml')).toBe(tree('service-index-766.yaml'));
  });

  it.each([
    ['online-services-rate.yaml', 'DVCTT', 'province'],
    ['online-services-rate-ministry.yaml', 'DVCTT-BO', 'ministry'],
  ])("%s is the notice's one statistic, with its targets for the leaf and the index", (file, code, level) => {
    const framework = load(file);
    expect(framework).toMatchObject({ code, level, year: 2020 });
    const leaves = framework.nodes.flatMap(leavesOf);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]).toMatchObject({ code: 'DVC4', maxPoints: 100, input: { type: 'numbers', names: ['online', 'total'] } });
    expect(leaves.some((leaf) => leaf.illustrative)).toBe(false);
    expect(framework.targets?.map((target) => target.indicator)).toEqual(['DVC4', 'index']);
    for (const target of framework.targets ?? []) {
      expect(trajectoryAt(target, '2020-01-30')).toBeNull();
      expect(trajectoryAt(target, '2020-01-31')).toBe(0);
      expect(trajectoryAt(target, '2020-12-31')).toBe(30);
      expect(trajectoryAt(target, '2021-12-31')).toBe(80);
      expect(trajectoryAt(target, '2022-12-31')).toBe(80);
      expect(target.description?.vi).toMatch(/80 %.*hầu hết|hầu hết.*80 %/);
      expect(target.description?.en).toMatch(/80 %.*"most"|"most".*80 %/);
    }
  });
});

describe('the broken-framework corpus (test/fixtures/frameworks/broken)', () => {
  const { cases } = JSON.parse(readFileSync(join(BROKEN_DIR, 'expected.json'), 'utf8')) as { cases: BrokenCase[] };

  it('has an expectation for every file, and at least 15 kinds of mistake', () => {
    const files = readdirSync(BROKEN_DIR).filter((file) => /\.(ya?ml|json)$/.test(file) && file !== 'expected.json');
    expect(cases.map((entry) => entry.file).sort()).toEqual(files.sort());
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((entry) => [entry.file, entry] as const))('refuses %s with exactly the expected issues', (file, entry) => {
    const result = loadFrameworkText(readFileSync(join(BROKEN_DIR, file), 'utf8'), file);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map(({ path, rule }) => ({ path, rule }))).toEqual(entry.errors.map(({ path, rule }) => ({ path, rule })));
    entry.errors.forEach((expected, index) => {
      if (expected.line !== undefined) expect(errors[index].line).toBe(expected.line);
      expect(errors[index].message).not.toBe('');
    });
  });
});
