import { columnStats, normalizeColumn } from './normalize';

const col = (...x: number[]): Float64Array => Float64Array.from(x);

describe('normalizeColumn', () => {
  it('minmax onto 0..1 by default and onto lower..upper; direction -1 flips', () => {
    expect([...normalizeColumn(col(2, 4, 6), { method: 'minmax' }, 1).values]).toEqual([0, 0.5, 1]);
    expect([...normalizeColumn(col(2, 4, 6), { method: 'minmax', lower: 1, upper: 100 }, 1).values]).toEqual([1, 50.5, 100]);
    expect([...normalizeColumn(col(2, 4, 6), { method: 'minmax' }, -1).values]).toEqual([1, 0.5, 0]);
  });

  it('minmax keeps missing values missing and gives the middle when all are equal', () => {
    const out = normalizeColumn(col(2, Number.NaN, 6), { method: 'minmax' }, 1);
    expect(out.values[1]).toBeNaN();
    const flat = normalizeColumn(col(3, 3), { method: 'minmax', lower: 0, upper: 100 }, 1);
    expect([...flat.values]).toEqual([50, 50]);
    expect(flat.degenerate).toBeDefined();
  });

  it('zscore with the sample sd, then the output mean and sd', () => {
    const out = normalizeColumn(col(1, 2, 3), { method: 'zscore', mean: 10, sd: 2 }, 1).values;
    expect([...out]).toEqual([8, 10, 12]);
    expect(columnStats(col(1, 2, 3)).sd).toBe(1);
  });

  it('goalposts clipped to 0..1, either direction', () => {
    expect([...normalizeColumn(col(-1, 0.25, 0.5, 2), { method: 'goalposts', min: 0, max: 1 }, 1).values]).toEqual([0, 0.25, 0.5, 1]);
    expect([...normalizeColumn(col(0.25, 2), { method: 'goalposts', min: 0, max: 1 }, -1).values]).toEqual([0.75, 0]);
  });

  it('target: clamp(x / target, 0, 1); lower is better: full at or under the target', () => {
    expect([...normalizeColumn(col(25, 100, 150, -3), { method: 'target', target: 100 }, 1).values]).toEqual([0.25, 1, 1, 0]);
    expect([...normalizeColumn(col(50, 100, 200), { method: 'target', target: 100 }, -1).values]).toEqual([1, 1, 0.5]);
  });
});
