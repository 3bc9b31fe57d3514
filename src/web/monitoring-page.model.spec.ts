import { lastDayOf } from '../publications/public-series.service';
import { translator } from './i18n';
import { defaultChartUnits, monthLabel, monthShort, monitoringPath, sparkline } from './monitoring-page.model';

describe('the monitoring pages model', () => {
  const vi = translator('vi');
  const months = ['2020-10', '2020-11', '2020-12', '2021-01'];

  it('draws a sparkline scaled to its own values, the highest at the top, broken where a month has no value', () => {
    const s = sparkline([10, 20, null, 30], months, 'vi', 2, vi);
    expect(s.paths).toHaveLength(2);
    const [first, second] = s.paths.map((p) => p.split(' ').map((xy) => xy.split(',').map(Number)));
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    // 10 at the bottom (y = height - pad), 30 at the top (y = pad).
    expect(first[0][1]).toBe(s.height - 3);
    expect(second[0][1]).toBe(3);
    expect(s.last).toEqual({ x: second[0][0], y: 3 });
    expect(s.label).toBe('Chỉ số từng tháng: 10/20 10,00; 11/20 20,00; 12/20 không có số liệu; 1/21 30,00');
  });

  it('draws a flat series through the middle, and nothing for a unit without values', () => {
    const flat = sparkline([50, 50], months.slice(0, 2), 'en', 2, translator('en'));
    expect(flat.paths).toEqual([`3,${flat.height / 2} ${flat.width - 3},${flat.height / 2}`]);
    expect(flat.label).toBe('Index by month: Oct 20 50.00; Nov 20 50.00');
    const none = sparkline([null, null], months.slice(0, 2), 'vi', 2, vi);
    expect(none.paths).toEqual([]);
    expect(none.last).toBeNull();
  });

  it('charts the top 3 and the bottom 3 by default, all of a table of 6 or fewer', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ code: String(i + 1) }));
    expect(defaultChartUnits(rows(10))).toEqual(['1', '2', '3', '8', '9', '10']);
    expect(defaultChartUnits(rows(5))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('names a month in the page language, and knows its last day', () => {
    expect(monthLabel('2020-12', 'vi')).toBe('12/2020');
    expect(monthLabel('2020-12', 'en')).toBe('December 2020');
    expect(monthShort('2021-01', 'vi')).toBe('1/21');
    expect(lastDayOf('2020-02')).toBe('2020-02-29');
    expect(lastDayOf('2021-02')).toBe('2021-02-28');
    expect(lastDayOf('2020-12')).toBe('2020-12-31');
    expect(monitoringPath('DVCTT', 'province', '2020-12')).toBe('/monitoring/DVCTT/province?month=2020-12');
  });
});
