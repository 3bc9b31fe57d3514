import { analysisSpecHash, analysisSpecOf, sourcesProblems } from './analysis-spec';

describe('an analysis request as stored and keyed', () => {
  it('fills the defaults in, so that a request and its spelt-out twin are one analysis', () => {
    const short = analysisSpecOf({ sources: { weights: { kind: 'range', factor: 0.25 }, aggregation: true } });
    expect(short).toEqual({ sources: { weights: { kind: 'range', factor: 0.25, level: 1 }, aggregation: true }, samples: 1000, seed: 2026, top: 10, sensitivitySamples: 0 });
    const long = analysisSpecOf({
      samples: 1000,
      seed: 2026,
      top: 10,
      sensitivitySamples: 0,
      sources: { aggregation: true, reviewers: false, weights: { level: 1, factor: 0.25, kind: 'range' } },
    });
    expect(analysisSpecHash(long)).toBe(analysisSpecHash(short));
  });

  it('writes a normalisation list one way (sorted, once each), and keeps each weights kind to its own parameter', () => {
    const a = analysisSpecOf({ sources: { normalisation: ['zscore', 'minmax', 'zscore'] } });
    const b = analysisSpecOf({ sources: { normalisation: ['minmax', 'zscore'] } });
    expect(a.sources.normalisation).toEqual(['minmax', 'zscore']);
    expect(analysisSpecHash(a)).toBe(analysisSpecHash(b));
    expect(analysisSpecOf({ sources: { weights: { kind: 'dirichlet', concentration: 50, level: 2 } } }).sources.weights).toEqual({ kind: 'dirichlet', concentration: 50, level: 2 });
  });

  it('tells another seed, sample count or source apart', () => {
    const base = analysisSpecHash(analysisSpecOf({ sources: { aggregation: true } }));
    expect(analysisSpecHash(analysisSpecOf({ seed: 1, sources: { aggregation: true } }))).not.toBe(base);
    expect(analysisSpecHash(analysisSpecOf({ samples: 999, sources: { aggregation: true } }))).not.toBe(base);
    expect(analysisSpecHash(analysisSpecOf({ sources: { aggregation: true, reviewers: true } }))).not.toBe(base);
  });

  it('refuses no source at all, and a parameter of the other weights kind, naming the field', () => {
    expect(sourcesProblems({})).toEqual([expect.objectContaining({ field: 'sources', rule: 'atLeastOneSource' })]);
    expect(sourcesProblems({ aggregation: false, reviewers: false, normalisation: [] })).toEqual([expect.objectContaining({ field: 'sources' })]);
    expect(sourcesProblems({ weights: { kind: 'range', factor: 0.1, concentration: 5 } })).toEqual([
      expect.objectContaining({ field: 'sources.weights.concentration', rule: 'forbidden' }),
    ]);
    expect(sourcesProblems({ weights: { kind: 'dirichlet', concentration: 5, factor: 0.1 } })).toEqual([expect.objectContaining({ field: 'sources.weights.factor', rule: 'forbidden' })]);
    expect(sourcesProblems({ aggregation: true })).toEqual([]);
  });
});
