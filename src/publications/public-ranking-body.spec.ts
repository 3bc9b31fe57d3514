import { rankingBody, rankingPage } from './public-ranking-body';

describe('rankingBody', () => {
  const meta = { year: 2022, level: 'province', name: 'Bắc Ninh – "xếp hạng"' };
  const rows = ['HN', 'HP', 'ĐN', 'HCM', 'CT'].map((code, i) => ({ code, rank: i + 1, nameVi: `Tỉnh ${code}`, values: { a: i / 3 } }));
  const body = rankingBody(meta, rows, 'pub|');

  it('is byte for byte JSON.stringify of the ranking, rows last', () => {
    expect(body.full.toString('utf8')).toBe(JSON.stringify({ ...meta, rows }));
    expect(rankingBody(meta, [], 'pub|').full.toString('utf8')).toBe(JSON.stringify({ ...meta, rows: [] }));
  });

  it('pages through every row with next, the last page null', () => {
    const seen: unknown[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = JSON.parse(rankingPage(body, 2, cursor).toString('utf8')) as { rows: unknown[]; next: string | null; year: number };
      expect(page.year).toBe(2022);
      seen.push(...page.rows);
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(seen).toEqual(rows);
  });

  it("refuses another edition's cursor and garbage, naming cursor", () => {
    const other = JSON.parse(rankingPage(rankingBody(meta, rows, 'other|'), 2).toString('utf8')) as { next: string };
    expect(() => rankingPage(body, 2, other.next)).toThrow(/cursor/);
    expect(() => rankingPage(body, 2, 'garbage')).toThrow(/cursor/);
  });
});
