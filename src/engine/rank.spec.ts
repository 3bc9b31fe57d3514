import { competitionRanks, groupRanks } from './rank';
import { roundTo } from './round';

describe('competitionRanks', () => {
  it('gives 1, 2, 2, 4 and leaves null unranked', () => {
    expect(competitionRanks([0.9, 0.8, 0.8, 0.7])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([0.7, null, 0.8, 0.9, 0.8])).toEqual([4, null, 2, 1, 2]);
    expect(competitionRanks([])).toEqual([]);
    expect(competitionRanks([Number.NaN, 1])).toEqual([null, 1]);
  });

  it('ranks within groups', () => {
    expect(groupRanks([0.5, 0.9, 0.7, 0.9], ['a', 'b', 'a', 'b'])).toEqual([2, 1, 1, 1]);
  });
});

describe('roundTo', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundTo(0.12345, 4)).toBe(0.1235);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(0.80019999, 4)).toBe(0.8002);
    expect(roundTo(-0.00001, 2)).toBe(0);
    expect(Object.is(roundTo(-0.00001, 2), -0)).toBe(false);
  });
});
