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
    framework: { code: 'PDTI', version: '2022.1', nameVi: 'Bộ chỉ số DTI cấp tỉnh', nameEn: null, source: 'Quyết định 922', sourceEn: null },
    columns: [
      { code: 'I', nameVi: 'Nhóm nền tảng', nameEn: null, kind: 'group' },
      { code: 'NT', nameVi: 'Nhận thức số', nameEn: null, kind: 'main' },
      { code: 'DT', nameVi: 'Đô thị thông minh', nameEn: null, kind: 'main' },
      { code: 'CQS', nameVi: 'Chính quyền số', nameEn: null, kind: 'pillar' },
    ],
    groups: [],
    group: null,
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
    expect(page.chart.radar.averages).toEqual([{ label: 'Trung bình', caption: 'trung bình 2 đơn vị', values: [0.75] }]);
    expect(page.selectedAverage).toBe(page.chart.radar.averages[0]);
    expect(page.selected?.code).toBe('01');
    expect(buildRankingPage(ranking(), edition, { selectedUnit: 'nope' }).selected?.code).toBe('48');
    expect(page.chart.bars).toEqual([
      { canvasId: 'chart-index', codes: ['48', '01'], labels: ['Đà Nẵng', '<img src=x onerror=alert(1)></script>'], ranks: [1, 2], values: [0.89, 0.5], total: 2 },
    ]);
    expect(page.sections.map((s) => [s.group, s.ids.table, s.rows.length])).toEqual([[null, 'ranking-table', 2]]);
  });

  it("of a grouped ranking: a table and bar chart per group from the group's ranking, and each unit's radar against its group's average", () => {
    const all = ranking();
    all.level = 'ministry';
    all.rows[0] = { ...all.rows[0], code: 'BTC', unitGroup: 'with_public_services', groupRank: 1 };
    all.rows[1] = { ...all.rows[1], code: 'VTV', unitGroup: 'without_public_services', groupRank: 1, rank: 2 };
    all.rows.push({ ...all.rows[1], code: 'TTXVN', nameVi: 'Thông tấn xã Việt Nam', index: 0.4, values: { I: 0.3, NT: 0.2, DT: null, CQS: null }, groupRank: 2, rank: 3 });
    all.groups = [
      { code: 'with_public_services', nameVi: 'Nhóm bộ, ngành có cung cấp dịch vụ công', nameEn: 'Ministries and agencies with public services', count: 1 },
      { code: 'without_public_services', nameVi: 'Nhóm bộ, ngành không cung cấp dịch vụ công', nameEn: 'Ministries and agencies without public services', count: 2 },
    ];
    const of = (group: string): PublicRanking => ({ ...all, group, rows: all.rows.filter((r) => r.unitGroup === group).map((r) => ({ ...r, rank: r.groupRank })) });
    const page = buildRankingPage(all, { ...edition, level: 'ministry' }, { selectedUnit: 'TTXVN', byGroup: [of('without_public_services'), of('with_public_services')] });
    expect(page.grouped).toBe(true);
    expect(page.unitNoun).toBe('Bộ, ngành');
    expect(page.sections.map((s) => [s.group?.code, s.ids.table, s.rows.map((r) => [r.code, r.rank])])).toEqual([
      ['with_public_services', 'ranking-table-with-public-services', [['BTC', 1]]],
      ['without_public_services', 'ranking-table-without-public-services', [['VTV', 1], ['TTXVN', 2]]],
    ]);
    expect(page.sections[1].json).toBe('/api/v1/public/rankings/2022/ministry?version=2&group=without_public_services');
    expect(page.chart.bars.map((b) => [b.canvasId, b.codes, b.ranks])).toEqual([
      ['chart-index-with-public-services', ['BTC'], [1]],
      ['chart-index-without-public-services', ['VTV', 'TTXVN'], [1, 2]],
    ]);
    // NT: BTC 0.9 alone in its group; VTV 0.6 and TTXVN 0.2 average 0.4 in theirs (all three would be 0.5667).
    expect(page.chart.radar.averages.map((a) => a.values)).toEqual([[0.9], [0.4]]);
    expect(page.chart.radar.units.map((u) => [u.code, u.average])).toEqual([
      ['BTC', 0],
      ['VTV', 1],
      ['TTXVN', 1],
    ]);
    expect(page.selectedAverage?.label).toBe('Trung bình nhóm bộ, ngành không cung cấp dịch vụ công');
    const html = createViewEnvironment().render('ranking.njk', { ...page, assets: '/assets' });
    expect(html).toContain('id="ranking-table-with-public-services"');
    expect(html).toContain('<optgroup label="Nhóm bộ, ngành có cung cấp dịch vụ công">');
    expect(html).not.toContain('id="ranking-table"');
  });

  it("in English: the title, the level, the group's and unit's English names and the averages' words", () => {
    const all = ranking();
    all.level = 'ministry';
    all.rows = [{ ...all.rows[0], code: 'BTC', nameVi: 'Bộ Tài chính', nameEn: 'Ministry of Finance', unitGroup: 'with_public_services', groupRank: 1 }];
    all.columns = [{ code: 'NT', nameVi: 'Nhận thức số', nameEn: 'Digital awareness', kind: 'main' }];
    all.groups = [{ code: 'with_public_services', nameVi: 'Nhóm bộ, ngành có cung cấp dịch vụ công', nameEn: 'Ministries and agencies with public services', count: 1 }];
    const page = buildRankingPage(all, { ...edition, level: 'ministry' }, { lang: 'en', byGroup: [{ ...all, group: 'with_public_services' }] });
    expect(page.title).toBe('DTI 2022 — ministries and agencies');
    expect([page.unitNoun, page.unitPick]).toEqual(['Ministry or agency', 'Choose a ministry or agency']);
    expect(page.sections[0].heading).toBe('Ministries and agencies with public services');
    expect(page.rows[0].name).toBe('Ministry of Finance');
    expect(page.chart.radar.axes).toEqual([{ code: 'NT', label: 'Digital awareness' }]);
    expect(page.chart.radar.averages[0]).toMatchObject({
      label: 'Average: ministries and agencies with public services',
      caption: 'the average of ministries and agencies with public services (1 units)',
    });
    expect(page.chart).toMatchObject({ locale: 'en-GB', text: { dataset: 'DTI index', rank: 'Rank' } });
    const html = createViewEnvironment().render('ranking.njk', { ...page, assets: '/assets' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('0.8900');
    expect(html).not.toMatch(/Bảng xếp hạng|Chỉ số chính|Tải bảng tính/);
  });

  it('averages only the values present and says when there is none', () => {
    expect(average([0.1, null, 0.2])).toBe(0.15);
    expect(average([null, null])).toBeNull();
    expect(rankChange({ ...ranking().rows[0], previous: null }).direction).toBeNull();
    expect(rankChange({ ...ranking().rows[0], previous: { value: 0.8, rank: 1, change: 0, rankChange: 0 } }).direction).toBe('same');
  });

  it('lists the editions newest first, and by level, national first', () => {
    const page = buildEditionsPage([{ ...edition, year: 2021 }, edition, { ...edition, level: 'national' }, { ...edition, level: 'ministry', year: 2023 }]);
    expect(page.editions.map((e) => [e.year, e.href, e.latestVersion])).toEqual([
      [2023, '/rankings/2023/ministry', 2],
      [2022, '/rankings/2022/national', 2],
      [2022, '/rankings/2022/province', 2],
      [2021, '/rankings/2021/province', 2],
    ]);
    expect(page.levels.map((l) => [l.name, l.editions.map((e) => [e.year, e.kind])])).toEqual([
      ['Cấp quốc gia', [[2022, 'Thẻ điểm quốc gia']]],
      ['Cấp bộ, cơ quan ngang bộ', [[2023, 'Bảng xếp hạng']]],
      ['Cấp tỉnh', [[2022, 'Bảng xếp hạng'], [2021, 'Bảng xếp hạng']]],
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
