import { analysisRequestOf, analysisTyped, ANALYSIS_FORM_DEFAULTS } from './admin-cycle-analyses.model';

describe("the admin cycle page's analysis form as the API's request", () => {
  it('the defaults: ± 25 % on the weights and the aggregation, the numbers as typed', () => {
    expect(analysisRequestOf(ANALYSIS_FORM_DEFAULTS)).toEqual({
      sources: { weights: { kind: 'range', factor: 0.25 }, aggregation: true },
      samples: 1000,
      seed: 2026,
      sensitivitySamples: 0,
    });
  });

  it('reads the body: an unticked source and an empty number absent, a Vietnamese decimal comma read, a text passed on for the DTO to refuse', () => {
    const typed = analysisTyped({ weightsPercent: '12,5', normalisation: ['minmax', 'zscore'], reviewers: 'true', samples: '', seed: 'abc', sensitivitySamples: '0' });
    expect(typed.aggregation).toBe(false);
    expect(analysisRequestOf(typed)).toEqual({
      sources: { weights: { kind: 'range', factor: 0.125 }, normalisation: ['minmax', 'zscore'], reviewers: true },
      seed: 'abc',
      sensitivitySamples: 0,
    });
    expect(analysisRequestOf(analysisTyped({ weightsPercent: '', aggregation: 'true' })).sources).toEqual({ aggregation: true });
    expect(analysisRequestOf(analysisTyped({ weightsPercent: 'nhiều' })).sources).toEqual({ weights: { kind: 'range', factor: 'nhiều' } });
  });
});
