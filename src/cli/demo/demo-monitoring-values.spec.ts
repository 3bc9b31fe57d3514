import { arrivesLate, demoOnlineServices } from './demo-monitoring-values';

describe("the demo's online services generator", () => {
  it('gives the same counts for the same unit and month, and counts a rate can be made of', () => {
    expect(demoOnlineServices('48', 'province', 2021, 6)).toEqual(demoOnlineServices('48', 'province', 2021, 6));
    for (const [code, level] of [['48', 'province'], ['01', 'province'], ['btc', 'ministry']] as const) {
      for (let year = 2020; year <= 2023; year++) {
        for (let month = 1; month <= 12; month++) {
          const { online, total } = demoOnlineServices(code, level, year, month);
          expect(Number.isInteger(online) && Number.isInteger(total)).toBe(true);
          expect(online).toBeGreaterThanOrEqual(0);
          expect(online).toBeLessThanOrEqual(total);
        }
      }
    }
  });

  it('climbs from a low start in 2020 to a higher rate by the end of 2023, some units behind 80 % and some ahead', () => {
    const codes = Array.from({ length: 63 }, (_, i) => String(i + 1).padStart(2, '0'));
    const rate = (code: string, year: number, month: number) => {
      const { online, total } = demoOnlineServices(code, 'province', year, month);
      return online / total;
    };
    for (const code of codes) expect(rate(code, 2023, 12)).toBeGreaterThan(rate(code, 2020, 1));
    const behind = codes.filter((code) => rate(code, 2023, 12) < 0.8).length;
    expect(behind).toBeGreaterThan(5);
    expect(behind).toBeLessThan(58);
  });

  it('sends some units late, not most', () => {
    let late = 0;
    for (let i = 1; i <= 63; i++) for (let month = 1; month <= 12; month++) late += arrivesLate(String(i).padStart(2, '0'), 2022, month) ? 1 : 0;
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(63 * 12 * 0.15);
  });
});
