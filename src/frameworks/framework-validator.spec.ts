import fc from 'fast-check';
import { validateFramework } from './framework-validator';

/** A small valid framework; each test breaks one thing in a copy. */
function sample(): Record<string, unknown> {
  return {
    code: 'T',
    version: '1',
    level: 'province',
    year: 2022,
    name: { vi: 'Thử', en: 'Test' },
    source: 'test',
    result: { scale: 1, precision: 4 },
    aggregation: 'points',
    maxPoints: 30,
    nodes: [
      {
        code: 'A',
        name: { vi: 'Nhóm A' },
        maxPoints: 30,
        children: [
          { code: 'A.1', name: { vi: 'Có' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
          {
            code: 'A.2',
            name: { vi: 'Tỷ lệ' },
            maxPoints: 10,
            input: { type: 'numbers', names: ['numerator', 'denominator'] },
            scoring: { rule: 'formula', expression: 'min(1, numerator / denominator) * maxPoints' },
          },
          {
            code: 'A.3',
            name: { vi: 'Mức' },
            maxPoints: 10,
            input: { type: 'percent' },
            scoring: { rule: 'bands', bands: [{ min: 0, points: 0 }, { min: 50, points: 10 }] },
          },
        ],
      },
    ],
    pillars: [{ code: 'P', name: { vi: 'Trụ cột' }, members: [{ node: 'A.1' }, { node: 'A.3' }] }],
  };
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(mutate: (doc: Doc) => void): Array<[string, string]> {
  const doc = sample();
  mutate(doc);
  const result = validateFramework(doc);
  return result.ok ? [] : result.errors.map((issue) => [issue.path, issue.rule]);
}

describe('validateFramework', () => {
  it('accepts a valid framework and returns it typed', () => {
    const result = validateFramework(sample());
    expect(result).toEqual({ ok: true, framework: expect.objectContaining({ code: 'T' }) });
  });

  it('refuses what is not an object', () => {
    expect(validateFramework('nope')).toEqual({ ok: false, errors: [{ path: '', rule: 'type', message: 'must be object' }] });
  });

  it.each<[string, (doc: Doc) => void, [string, string]]>([
    ['ratio without target', (d) => (d.nodes[0].children[2] = { ...d.nodes[0].children[2], scoring: { rule: 'ratio' } }), ['nodes[0].children[2].scoring.target', 'required']],
    ['descending bands', (d) => (d.nodes[0].children[2].scoring.bands[1].min = 0), ['nodes[0].children[2].scoring.bands[1].min', 'ascending']],
    ['band points above max', (d) => (d.nodes[0].children[2].scoring.bands[1].points = 11), ['nodes[0].children[2].scoring.bands[1].points', 'range']],
    ['a duplicate code', (d) => (d.nodes[0].children[1].code = 'A.1'), ['nodes[0].children[1].code', 'unique']],
    ['points not adding up', (d) => (d.nodes[0].maxPoints = 40), ['nodes[0].maxPoints', 'sum']],
    ['root points not adding up', (d) => (d.maxPoints = 1000), ['maxPoints', 'sum']],
    ['a formula naming an unknown input', (d) => (d.nodes[0].children[1].scoring.expression = 'numerator / total * maxPoints'), ['nodes[0].children[1].scoring.expression', 'unknown-input']],
    ['a formula with bad syntax', (d) => (d.nodes[0].children[1].scoring.expression = 'numerator / (denominator'), ['nodes[0].children[1].scoring.expression', 'formula-syntax']],
    ['a boolean rule on a number', (d) => (d.nodes[0].children[0].input.type = 'number'), ['nodes[0].children[0].input.type', 'input-type']],
    ['an unknown rule', (d) => (d.nodes[0].children[0].scoring.rule = 'percentile'), ['nodes[0].children[0].scoring.rule', 'unknown-rule']],
    ['an unknown input type', (d) => (d.nodes[0].children[0].input.type = 'date'), ['nodes[0].children[0].input.type', 'unknown-input-type']],
    ['a pillar naming a missing node', (d) => (d.pillars[0].members[1].node = 'Z.9'), ['pillars[0].members[1].node', 'unknown-node']],
    ['a pillar reusing a node code', (d) => (d.pillars[0].code = 'A'), ['pillars[0].code', 'unique']],
    ['a leaf field on a group', (d) => (d.nodes[0].input = { type: 'boolean' }), ['nodes[0].input', 'group-with-leaf-field']],
    ['a leaf without input', (d) => delete d.nodes[0].children[0].input, ['nodes[0].children[0].input', 'required']],
    ['a leaf with neither scoring nor normalization', (d) => delete d.nodes[0].children[0].scoring, ['nodes[0].children[0].scoring', 'required']],
    ['a negative weight', (d) => (d.nodes[0].weight = -1), ['nodes[0].weight', 'positive']],
    ['illustrative nodes with a silent source', (d) => (d.nodes[0].children[0].illustrative = true), ['source', 'illustrative-source']],
    ['group_mean without an impute step', (d) => (d.missing = 'group_mean'), ['pipeline.impute', 'required']],
    ['a misspelt key', (d) => (d.agregation = 'points'), ['agregation', 'unknown-key']],
    ['a parameter of another rule', (d) => (d.nodes[0].children[0].scoring.target = 5), ['nodes[0].children[0].scoring.target', 'unknown-key']],
    ['an expected range above its max', (d) => (d.nodes[0].children[2].expected = { min: 80, max: 20 }), ['nodes[0].children[2].expected.max', 'order']],
    ['an expected percent beyond 100', (d) => (d.nodes[0].children[2].expected = { max: 120 }), ['nodes[0].children[2].expected.max', 'expected-percent']],
    ['an expected range on numbers', (d) => (d.nodes[0].children[1].expected = { min: 0 }), ['nodes[0].children[1].expected', 'expected-input']],
    ['an expected change on a boolean', (d) => (d.nodes[0].children[0].expected = { change: 0.5 }), ['nodes[0].children[0].expected', 'expected-input']],
    ['an expected change of zero', (d) => (d.nodes[0].children[2].expected = { change: 0 }), ['nodes[0].children[2].expected.change', 'positive']],
    ['an expected key it does not know', (d) => (d.nodes[0].children[2].expected = { average: 50 }), ['nodes[0].children[2].expected.average', 'unknown-key']],
    ['an expected range on a group', (d) => (d.nodes[0].expected = { min: 1 }), ['nodes[0].expected', 'group-with-leaf-field']],
  ])('refuses %s', (_name, mutate, expected) => {
    expect(errorsOf(mutate)).toContainEqual(expected);
  });

  it('accepts expected answers: a range and a change on one number, a change on numbers', () => {
    const doc = sample() as Doc;
    doc.nodes[0].children[2].expected = { min: 5, max: 95, change: 0.3 };
    doc.nodes[0].children[1].expected = { change: 1 };
    expect(validateFramework(doc)).toEqual({ ok: true, framework: expect.objectContaining({ code: 'T' }) });
  });

  it('words a missing rule parameter after its rule', () => {
    const doc = sample() as Doc;
    doc.nodes[0].children[2].scoring = { rule: 'ratio' };
    const result = validateFramework(doc);
    expect(result.ok ? [] : result.errors).toContainEqual({
      path: 'nodes[0].children[2].scoring.target',
      rule: 'required',
      message: 'required by rule "ratio"',
    });
  });

  it('accepts the optional contract fields: pipeline steps, missing policy, rankWithin, normalisation methods', () => {
    const doc = sample() as Doc;
    doc.missing = 'group_mean';
    doc.result.rankWithin = 'kind';
    doc.pipeline = {
      denominate: true,
      impute: { method: 'group_mean', group: 'region' },
      screen: { minAvailability: 0.9, basis: 'raw' },
      treat: { skew: 2, kurtosis: 3.5, maxWinsorised: 5, fallback: 'log' },
    };
    doc.nodes.push({
      code: 'B',
      name: { vi: 'Nhóm chuẩn hóa' },
      aggregation: 'geometric_mean',
      weight: 2,
      maxPoints: 0,
      children: ['minmax', 'zscore', 'goalposts', 'target'].map((method, i) => ({
        code: `B.${i}`,
        name: { vi: method },
        maxPoints: 0,
        weight: 1,
        direction: -1,
        denominator: 'Population',
        input: { type: 'number', min: 0 },
        normalization: { method, ...(method === 'goalposts' ? { min: 0, max: 1 } : method === 'target' ? { target: 5 } : {}) },
        source: 'survey',
      })),
    });
    expect(validateFramework(doc)).toMatchObject({ ok: true });
  });

  it('accepts the word "minh họa" in source for illustrative nodes', () => {
    const doc = sample() as Doc;
    doc.nodes[0].children[0].illustrative = true;
    doc.source = 'Cấu trúc chính thức; chỉ tiêu con là minh họa';
    expect(validateFramework(doc).ok).toBe(true);
  });

  it('reports each path and rule once, whatever the schema says about it', () => {
    const result = validateFramework({ ...sample(), nodes: [{ code: 'A', name: { vi: 'a' } }] });
    const keys = result.ok ? [] : result.errors.map((issue) => `${issue.path}|${issue.rule}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('validateFramework on arbitrary input', () => {
  it('never throws, and refuses anything that is not a framework with issues that name a rule', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateFramework(value);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.every((issue) => issue.rule.length > 0)).toBe(true);
      }),
    );
  });

  it('never throws on a valid framework with a child and a top-level value replaced by anything', () => {
    const paths = ['nodes', 'pillars', 'maxPoints', 'aggregation'];
    fc.assert(
      fc.property(fc.nat(2), fc.jsonValue(), fc.constantFrom(...paths), fc.jsonValue(), (index, child, key, value) => {
        const doc = sample() as Doc;
        doc.nodes[0].children[index] = child;
        expect(() => validateFramework(doc)).not.toThrow();
        doc[key] = value;
        expect(() => validateFramework(doc)).not.toThrow();
      }),
    );
  });

  it('never throws on a leaf with any field replaced by anything', () => {
    const fields = ['code', 'maxPoints', 'children', 'input', 'scoring', 'normalization', 'illustrative', 'weight'];
    fc.assert(
      fc.property(fc.nat(2), fc.constantFrom(...fields), fc.jsonValue(), (index, field, value) => {
        const doc = sample() as Doc;
        doc.nodes[0].children[index][field] = value;
        expect(() => validateFramework(doc)).not.toThrow();
      }),
    );
  });
});
