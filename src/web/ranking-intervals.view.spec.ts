import type { AnalysisResult } from '../analysis/analysis-result';
import { translator } from './i18n';
import { rankingIntervals } from './ranking-intervals.model';
import { createViewEnvironment } from './view-setup';

const analysis: AnalysisResult = {
  format: 'dti-analysis/1',
  runId: 'r',
  spec: { sources: { weights: { kind: 'range', factor: 0.25 }, aggregation: true }, samples: 1000, seed: 7, top: 10, sensitivitySamples: 256 },
  nodeVersion: 'v22',
  engineVersion: '1',
  units: [
    { code: 'HN', official: 1, median: 1, q05: 1, q95: 2, mean: 1.2, pTop: 1, pKeep: 0.8 },
    { code: 'HCM', official: 2, median: 2.5, q05: 1, q95: 4, mean: 2.4, pTop: 1, pKeep: 0.4 },
    { code: 'X', official: 0, median: null, q05: null, q95: null, mean: null, pTop: 0, pKeep: 0 },
  ],
  sensitivity: [{ source: 'weights', first: 0.61, firstLow: 0.5, firstHigh: 0.7, total: 0.72, totalLow: 0.6, totalHigh: 0.8 }],
};

describe('the rank intervals on the ranking page (views/ranking-interval*.njk)', () => {
  const env = createViewEnvironment();
  const t = translator('vi');
  const intervals = rankingIntervals(analysis, new Map([['HN', 'Hà Nội']]), t, 'vi', '/api/v1/public/rankings/2022/province/analysis');

  it('puts "5–95 %: low–high" beside a rank, and nothing for a unit never ranked or a page without an analysis', () => {
    const cell = (code: string, model: unknown) =>
      env.renderString('{% from "ranking-interval.njk" import rankInterval with context %}{{ rankInterval(code) }}', { code, intervals: model }).trim();
    expect(cell('HCM', intervals)).toBe('<span class="rank-interval" data-low="1" data-high="4"><span class="rank-interval__label">5–95 %: </span>1–4</span>');
    expect(cell('X', intervals)).toBe('');
    expect(cell('HN', null)).toBe('');
  });

  it('draws each unit as a bar from its 5 % to its 95 % rank, with its median and published rank, and says the spec in words', () => {
    const html = env.render('ranking-intervals.njk', { intervals, t, lang: 'vi', assets: '/assets' });
    expect(html).toContain('data-code="HCM"');
    expect(html).toContain('Hạng 2; trung vị 2,5; 5–95 %: 1–4');
    expect(html).toContain('Hà Nội');
    expect(html).toContain('Trọng số');
    expect(html).toContain('0,61');
    expect(html).toContain('±25 %');
    expect(intervals.chart.rows.map((r) => [r.low, r.high])).toEqual([[2, 34], [2, 98], [null, null]]); // the axis runs 1..4 (the worst 95 % rank)
  });
});
