import type { PublicRanking, PublishedEdition } from '../publications/public-results.service';
import { average, buildEditionsPage, buildRankingPage, rankChange, rankingTitle } from './ranking-page.model';
import { createViewEnvironment, formatNumber, jsonForScript } from './view-setup';

const published = new Date('2023-07-12T03:00:00Z');

function ranking(): PublicRanking {
  return {
    year: 2022,
    level: 'province',
    version: 2,
    publicationId: 'p2',
    sha256: 'a'.repeat(64),
    framework: { code: 'PDTI', version: '2022.1', nameVi: 'Bộ chỉ số DTI cấp tỉnh', source: 'Quyết định 922' },
    columns: [
      { code: 'I', nameVi: 'Nhóm nền tảng', nameEn: null, kind: 'group' },
      { code: 'NT', nameVi: 'Nhận thức số', nameEn: null, kind: 'main' },
      { code: 'DT', nameVi: 'Đô thị thông minh', nameEn: null, kind: 'main' },
      { code: 'CQS', nameVi: 'Chính quyền số', nameEn: null, kind: 'pillar' },
    ],
    rows: [
      {
        rank: 1,
        groupRank: null,
        code: '48',
        nameVi: 'Đà Nẵng',
        nameEn: null,
        unitGroup: null,
        ranked: true,
        index: 0.89,
        values: { I: 0.8, NT: 0.9, DT: null, CQS: 0.7 },
        previous: { value: 0.85, rank: 3, change: 0.04, rankChange: 2 },
      },
      {
        rank: 2,
        groupRank: null,
        code: '01',
        nameVi: '<img src=x onerror=alert(1)></script>',
        nameEn: null,
        unitGroup: null,
        ranked: true,
        index: 0.5,
        values: { I: 0.4, NT: 0.6, DT: null, CQS: null },
        previous: { value: 0.6, rank: 1, change: -0.1, rankChange: -1 },
      },
    ],
  };
}

const edition: PublishedEdition = {
  year: 2022,
  level: 'province',
  latestVersion: 2,
  publishedAt: published,
  versions: [
    { version: 1, publicationId: 'p1', sha256: 'b'.repeat(64), reason: null, publishedAt: published },
    { version: 2, publicationId: 'p2', sha256: 'a'.repeat(64), reason: 'Đính chính', publishedAt: new Date('2023-08-01T03:00:00Z') },
  ],
};

describe('the ranking page model', () => {
  it('titles, links, versions, changes, and the radar of the main indicators some unit has a value for', () => {
    const page = buildRankingPage(ranking(), edition, { selectedUnit: '01', versionAsked: true });
    expect(page.title).toBe('Bộ chỉ số DTI 2022 — cấp tỉnh');
    expect(rankingTitle(2025, 'commune')).toBe('Bộ chỉ số DTI 2025 — cấp xã');
    expect(page.links).toEqual({
      self: '/rankings/2022/province?version=2',
      latest: '/rankings/2022/province',
      json: '/api/v1/public/rankings/2022/province?version=2',
      workbook: '/api/v1/public/rankings/2022/province/workbook',
      editions: '/rankings',
    });
    expect(page).toMatchObject({ isLatest: true, reason: 'Đính chính', sha256Short: 'aaaaaaaaaaaa', versionAsked: true });
    expect(page.versions.map((v) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(page.rows[0].change).toEqual({ direction: 'up', places: 2, previousRank: 3, previousIndex: 0.85, indexChange: 0.04 });
    expect(page.rows[1].change.direction).toBe('down');
    expect(page.rows[0].values.map((v) => v.code)).toEqual(['I', 'NT', 'DT', 'CQS']);
    expect(page.chart.radar.axes.map((a) => a.code)).toEqual(['NT']);
    expect(page.radarLeftOut.map((c) => c.code)).toEqual(['DT']);
    expect(page.chart.radar.average).toEqual([0.75]);
    expect(page.selected?.code).toBe('01');
    expect(buildRankingPage(ranking(), edition, { selectedUnit: 'nope' }).selected?.code).toBe('48');
    expect(page.chart.bar).toEqual({ codes: ['48', '01'], labels: ['Đà Nẵng', '<img src=x onerror=alert(1)></script>'], values: [0.89, 0.5], total: 2 });
  });

  it('averages only the values present and says when there is none', () => {
    expect(average([0.1, null, 0.2])).toBe(0.15);
    expect(average([null, null])).toBeNull();
    expect(rankChange({ ...ranking().rows[0], previous: null }).direction).toBeNull();
    expect(rankChange({ ...ranking().rows[0], previous: { value: 0.8, rank: 1, change: 0, rankChange: 0 } }).direction).toBe('same');
  });

  it('lists the editions newest first', () => {
    const page = buildEditionsPage([{ ...edition, year: 2021 }, edition]);
    expect(page.editions.map((e) => [e.year, e.href, e.latestVersion])).toEqual([
      [2022, '/rankings/2022/province', 2],
      [2021, '/rankings/2021/province', 2],
    ]);
  });
});

describe('the page templates', () => {
  it('write Vietnamese numbers and escape unit names, in the HTML and in the JSON block', () => {
    expect(formatNumber(0.5234)).toBe('0,5234');
    expect(formatNumber(null)).toBe('—');
    expect(jsonForScript({ name: '</script><b>&' })).toBe('{"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}');
    const html = createViewEnvironment().render('ranking.njk', { ...buildRankingPage(ranking(), edition), assets: '/assets' });
    expect(html).toContain('<html lang="vi">');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;');
    // One closing tag per script element: the unit name cannot end the JSON block early.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    // Nothing CSP would refuse: every script is a file or a JSON block, and no element has a style attribute.
    expect(html).not.toMatch(/<script(?![^>]*(\ssrc=|\stype="application\/json"))|\sstyle="/);
    expect(html).toContain('0,8900');
    expect(html).toContain('<span aria-hidden="true">▲</span><span class="visually-hidden">Tăng</span> 2');
  });
});
