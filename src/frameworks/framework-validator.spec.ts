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

  describe('periods, targets and monitored indicators (#21)', () => {
    /** The sample with a period, a target per indicator kind and a leaf taken from a monthly monitored indicator. */
    function periodic(): Doc {
      const doc = sample() as Doc;
      doc.period = 'year';
      doc.targets = [
        { indicator: 'A.3', start: { at: '2020-01-31', value: 0 }, by: [{ at: '2020-12-31', value: 30 }, { at: '2021-12-31', value: 80 }] },
        { indicator: 'index', by: [{ at: '2021-12-31', value: 0.8 }], description: { vi: 'Mục tiêu', en: 'Target' } },
        { indicator: 'A', by: [{ at: '2022-06-30', value: 20 }] },
      ];
      Object.assign(doc.nodes[0].children[1], { source: 'system', monitored: { framework: 'DVCTT', indicator: 'DVC4', take: 'mean' } });
      return doc;
    }

    const issuesOf = (mutate: (doc: Doc) => void) => {
      const doc = periodic();
      mutate(doc);
      const result = validateFramework(doc);
      return result.ok ? [] : result.errors;
    };

    it('accepts a period, targets on a leaf, a group and the index, and monitored with each take', () => {
      expect(validateFramework(periodic())).toEqual({ ok: true, framework: expect.objectContaining({ period: 'year', targets: expect.any(Array) }) });
      for (const monitored of [{ take: 'last' }, { take: 'at', at: '06-30' }, { take: 'at', at: '02-29' }]) {
        const doc = periodic();
        Object.assign(doc.nodes[0].children[1].monitored, monitored);
        expect(validateFramework(doc)).toMatchObject({ ok: true });
      }
      for (const period of ['month', 'quarter']) {
        const doc = periodic();
        delete doc.nodes[0].children[1].monitored;
        doc.period = period;
        expect(validateFramework(doc)).toMatchObject({ ok: true });
      }
    });

    it.each<[string, (doc: Doc) => void, { path: string; rule: string; message: string | RegExp }]>([
      ['an unknown period', (d) => (d.period = 'week'), { path: 'period', rule: 'enum', message: '"week" is not one of: year, quarter, month' }],
      ['a target naming no node', (d) => (d.targets[0].indicator = 'Z.9'), { path: 'targets[0].indicator', rule: 'unknown-indicator', message: /no node has the code "Z.9".*"index"/ }],
      ['a second target for one indicator', (d) => (d.targets[2].indicator = 'A.3'), { path: 'targets[2].indicator', rule: 'unique', message: '"A.3" already has a target (targets[0]): one target per indicator' }],
      ['a by date before the one above it', (d) => (d.targets[0].by[1].at = '2020-06-30'), { path: 'targets[0].by[1].at', rule: 'ascending', message: /must be after the date before it \(2020-12-31\)/ }],
      ['a by date repeating the one above it', (d) => (d.targets[0].by[1].at = '2020-12-31'), { path: 'targets[0].by[1].at', rule: 'ascending', message: /must be after the date before it/ }],
      ['a first by not after start', (d) => (d.targets[0].by[0].at = '2020-01-31'), { path: 'targets[0].by[0].at', rule: 'ascending', message: /must be after start \(2020-01-31\)/ }],
      ['a date that is not a real day', (d) => (d.targets[0].by[0].at = '2021-02-29'), { path: 'targets[0].by[0].at', rule: 'date', message: '"2021-02-29" is not a real date (YYYY-MM-DD)' }],
      ['a date in another form', (d) => (d.targets[0].start.at = '31/01/2020'), { path: 'targets[0].start.at', rule: 'pattern', message: 'must be a date, YYYY-MM-DD (e.g. 2020-12-31)' }],
      ['a target without by', (d) => delete d.targets[1].by, { path: 'targets[1].by', rule: 'required', message: 'is required' }],
      ['a target with an empty by', (d) => (d.targets[1].by = []), { path: 'targets[1].by', rule: 'min-items', message: 'must have at least 1 item(s)' }],
      ['a target key it does not know', (d) => (d.targets[1].goal = 5), { path: 'targets[1].goal', rule: 'unknown-key', message: 'is not a known key' }],
      ['a percent target above 100', (d) => (d.targets[0].by[1].value = 120), { path: 'targets[0].by[1].value', rule: 'target-range', message: 'must be within 0..100: a percent leaf is on 0..100' }],
      ['an index target beyond result.scale', (d) => (d.targets[1].by[0].value = 80), { path: 'targets[1].by[0].value', rule: 'target-range', message: 'must be within 0..1: the index is on 0..1 (result.scale)' }],
      ['monitored on a leaf the unit answers', (d) => (d.nodes[0].children[1].source = 'self'), { path: 'nodes[0].children[1].monitored', rule: 'monitored-source', message: /source "system".*this leaf's source is "self"/ }],
      ['monitored on a leaf with no source', (d) => delete d.nodes[0].children[1].source, { path: 'nodes[0].children[1].monitored', rule: 'monitored-source', message: /this leaf's source is "self"/ }],
      ['take "at" without at', (d) => (d.nodes[0].children[1].monitored.take = 'at'), { path: 'nodes[0].children[1].monitored.at', rule: 'required', message: 'required by take "at"' }],
      ['at with take "last"', (d) => Object.assign(d.nodes[0].children[1].monitored, { take: 'last', at: '06-30' }), { path: 'nodes[0].children[1].monitored.at', rule: 'monitored-at', message: 'only with take "at"; take "last" takes the December value' }],
      ['an at that no year has', (d) => Object.assign(d.nodes[0].children[1].monitored, { take: 'at', at: '02-30' }), { path: 'nodes[0].children[1].monitored.at', rule: 'date', message: '"02-30" is not a day of the year (MM-DD)' }],
      ['an at in another form', (d) => Object.assign(d.nodes[0].children[1].monitored, { take: 'at', at: '2022-06-30' }), { path: 'nodes[0].children[1].monitored.at', rule: 'pattern', message: 'must be a day of the year, MM-DD (e.g. 06-30)' }],
      ['an unknown take', (d) => (d.nodes[0].children[1].monitored.take = 'max'), { path: 'nodes[0].children[1].monitored.take', rule: 'enum', message: '"max" is not one of: last, mean, at' }],
      ['monitored without its indicator', (d) => delete d.nodes[0].children[1].monitored.indicator, { path: 'nodes[0].children[1].monitored.indicator', rule: 'required', message: 'required by take "mean"' }],
      ['monitored in a monthly framework', (d) => (d.period = 'month'), { path: 'nodes[0].children[1].monitored', rule: 'monitored-period', message: /only a yearly framework.*period is "month"/ }],
      ['monitored naming this framework', (d) => (d.nodes[0].children[1].monitored.framework = 'T'), { path: 'nodes[0].children[1].monitored.framework', rule: 'monitored-framework', message: /names this framework itself/ }],
      ['monitored on a group', (d) => (d.nodes[0].monitored = { framework: 'X', indicator: 'Y', take: 'last' }), { path: 'nodes[0].monitored', rule: 'group-with-leaf-field', message: /a group/ }],
    ])('refuses %s, naming the path and rule', (_name, mutate, expected) => {
      const message = typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message);
      expect(issuesOf(mutate)).toContainEqual({ path: expected.path, rule: expected.rule, message });
    });

    it('reports every out-of-order date of a target once, each against the last date in order', () => {
      const issues = issuesOf((d) => (d.targets[0].by = [{ at: '2019-12-31', value: 1 }, { at: '2020-12-31', value: 2 }, { at: '2020-11-30', value: 3 }]));
      expect(issues.map(({ path, rule }) => [path, rule])).toEqual([
        ['targets[0].by[0].at', 'ascending'],
        ['targets[0].by[2].at', 'ascending'],
      ]);
    });

    it('never throws on targets or monitored replaced by anything', () => {
      fc.assert(
        fc.property(fc.jsonValue(), fc.jsonValue(), fc.nat(2), (targets, monitored, index) => {
          const doc = periodic();
          doc.targets[index] = targets;
          expect(() => validateFramework(doc)).not.toThrow();
          doc.targets = targets;
          doc.nodes[0].children[1].monitored = monitored;
          expect(() => validateFramework(doc)).not.toThrow();
        }),
      );
    });
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
