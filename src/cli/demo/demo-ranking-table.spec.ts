import { CliOutput } from '../output/cli-output';
import { demoRankingTable, type DemoRankingRow } from './demo-ranking-table';

const ROWS: DemoRankingRow[] = [
  { rank: 1, code: '01', nameVi: 'Hà Nội', nameEn: 'Hanoi', index: 0.92801, previous: { rank: 3, rankChange: 2 } },
  { rank: 2, code: '48', nameVi: 'Đà Nẵng', nameEn: null, index: 0.9, previous: { rank: 1, rankChange: -1 } },
  { rank: 10, code: '92', nameVi: 'Cần Thơ', nameEn: 'Can Tho', index: null, previous: null },
];

describe("the demo's ranking table, in the output's language", () => {
  it('in Vietnamese by default: headings in Vietnamese, the index with a decimal comma, last year as hạng N', () => {
    const out = new CliOutput('vi');
    expect(demoRankingTable(out, ROWS, out.words.demo.table.province)).toEqual([
      '  Hạng  Mã  Địa phương  Chỉ số  Năm trước  Thay đổi hạng',
      '     1  01  Hà Nội      0,9280  hạng 3     ▲ 2',
      '     2  48  Đà Nẵng     0,9000  hạng 1     ▼ 1',
      '    10  92  Cần Thơ     -       -',
    ]);
  });

  it('in English with --lang en: English headings and names where there are ones, a decimal point', () => {
    const out = new CliOutput('en');
    expect(demoRankingTable(out, ROWS, out.words.demo.table.province)).toEqual([
      '  Rank  Code  Province  Index   Last year  Rank change',
      '     1  01    Hanoi     0.9280  rank 3     ▲ 2',
      '     2  48    Đà Nẵng   0.9000  rank 1     ▼ 1',
      '    10  92    Can Tho   -       -',
    ]);
  });
});
