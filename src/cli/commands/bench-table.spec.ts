import { CliOutput } from '../output/cli-output';
import { benchFigureName, benchTable, type BenchRow } from './bench-table';

const ROWS: BenchRow[] = [
  { suite: 'engine', key: 'engine.throughput', params: { units: 10000, indicators: 200 }, value: 19578, unit: 'units/s', floor: 109257, ratio: 5.5812 },
  { suite: 'engine', key: 'engine.compile', value: 1.24, unit: 'ms' },
  { suite: 'scoring', key: 'scoring.floorSelect', params: { answers: 2000000 }, value: 2.88, unit: 's' },
  { suite: 'http', key: 'http.total', params: { seconds: 15 }, value: 1552, unit: 'req', floor: 23878 },
];

describe("dti bench's table, in the output's language", () => {
  it('in Vietnamese by default: headings, figure names and units in Vietnamese, dots between thousands, a decimal comma', () => {
    expect(benchTable(ROWS, new CliOutput('vi'))).toEqual([
      'bộ đo    số đo                                           giá trị  đơn vị    mức sàn  tỉ lệ',
      '-------  ----------------------------------------------  -------  --------  -------  -----',
      'engine   engine.score 10.000×200                          19.578  đơn vị/s  109.257  5,58×',
      'engine   engine.compile                                     1,24  ms',
      'scoring    mức sàn: SELECT 2.000.000 câu trả lời            2,88  s',
      'http       số lần lưu trong 15 s (mức sàn: GET /health)    1.552  yêu cầu    23.878',
    ]);
  });

  it('in English with --lang en', () => {
    expect(benchTable(ROWS, new CliOutput('en'))).toEqual([
      'suite    figure                                     value  unit       floor  ratio',
      '-------  ----------------------------------------  ------  -------  -------  -----',
      'engine   engine.score 10,000×200                   19,578  units/s  109,257  5.58×',
      'engine   engine.compile                              1.24  ms',
      'scoring    floor: SELECT of the 2,000,000 answers    2.88  s',
      'http       saves in 15 s (floor: GET /health)       1,552  req       23,878',
    ]);
  });

  it('says failed in the value of a figure that did not complete, and its reason after the table', () => {
    const failed: BenchRow[] = [
      { suite: 'publish', key: 'publish.publish', params: { units: 20000, indicators: 400 }, value: 95.2, unit: 's', floor: 21.5, failed: 'RangeError: Invalid string length' },
      { suite: 'publish', key: 'publish.floorRss', value: 150, unit: 'MB' },
    ];
    const vi = benchTable(failed, new CliOutput('vi'));
    expect(vi[2]).toMatch(/^publish {2}công bố 20\.000×400 .* thất bại {2}s +21,5$/);
    expect(vi.slice(-2)).toEqual(['', `thất bại: publish ${benchFigureName(failed[0], new CliOutput('vi'))}: RangeError: Invalid string length`]);
    const en = benchTable(failed, new CliOutput('en'));
    expect(en[2]).toMatch(/^publish {2}publish 20,000×400 .*failed {2}s +21\.5$/);
    expect(en[3]).toMatch(/ 150 {2}MB$/);
    expect(en.at(-1)).toBe('failed: publish publish 20,000×400 in a process of its own (floor: COPY out of the same rows + sha256; aim ≤ 1.5×): RangeError: Invalid string length');
  });

  it('names every figure of every suite in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      const out = new CliOutput(lang);
      for (const key of Object.keys(out.words.bench.figures) as BenchRow['key'][]) {
        expect(benchFigureName({ key, params: { units: 1, indicators: 2, answers: 3, results: 4, megabytes: 5, heapMb: 6, runs: 7, rows: 8, cells: 9, sheets: 10, clients: 11, seconds: 12, reads: 13, samples: 14 }, value: 0, unit: 's' }, out)).not.toMatch(/undefined/);
      }
    }
  });
});
