import type { INestApplicationContext } from '@nestjs/common';
import { roundTo } from '../src/engine';
import type { NationalScoreCard } from '../src/publications/national-score-card';
import type { PublicRanking } from '../src/publications/public-results.service';
import { publishLevel, registryAndAdmin, uploadFramework, type PublishedLevel } from './utils/published-level';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

/** A stored result row of a publication, as the checks below compare the API and the pages with. */
interface StoredRow {
  unit_code: string;
  unit_group: string | null;
  rank: number | null;
  group_rank: number | null;
  index_rounded: number | null;
}

const GROUPS = ['with_public_services', 'without_public_services'] as const;

/** The rows of a table element of a page (by id), each as its data-code, rank cell and index cell's data-value. */
function tableRows(html: string, tableId: string): [string, string, number | null][] {
  const start = html.indexOf(`<table class="ranking" id="${tableId}"`);
  if (start < 0) throw new Error(`no table ${tableId} on the page`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr data-code="([^"]+)">\s*<td class="num rank[^"]*">([^<]*)<\/td>[\s\S]*?<td class="num index[^"]*" data-value="([^"]*)"/g)].map((m) => [
    m[1],
    m[2].trim(),
    m[3] === '' ? null : Number(m[3]),
  ]);
}

/** The JSON block a page hands its script. */
function jsonBlock<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!match) throw new Error(`no JSON block ${id}`);
  return JSON.parse(match[1]) as T;
}

jest.setTimeout(30_000);

/**
 * The public side per level (#17): a ministry publication ranked in its two groups (the API per group, the page's
 * table and chart per group), and the national level, one unit, published as a score card with the change from its
 * previous edition and refused a ranking.
 */
describe('the public results of the ministry and national levels', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let ministry: PublishedLevel;
  let national2023: PublishedLevel;
  let national2024: PublishedLevel;

  const stored = (publicationId: string): Promise<StoredRow[]> =>
    t.db.query('SELECT unit_code, unit_group, rank, group_rank, index_rounded FROM publication_results WHERE publication_id = $1', [publicationId]);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    const admin = await registryAndAdmin(t);
    const mdti = await uploadFramework(t, admin, 'mdti-2022.yaml');
    const ndti = await uploadFramework(t, admin, 'ndti-2024.yaml');
    ministry = await publishLevel(t, admin, { level: 'ministry', year: 2023, frameworkId: mdti });
    national2023 = await publishLevel(t, admin, { level: 'national', year: 2023, frameworkId: ndti });
    national2024 = await publishLevel(t, admin, { level: 'national', year: 2024, frameworkId: ndti });
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it("serves each ministry group's rows with the stored group rank as the rank and the stored index, and no unit of the other group", async () => {
    const rows = await stored(ministry.publicationId);
    const seen = new Map<string, string>();
    for (const group of GROUPS) {
      const own = rows.filter((r) => r.unit_group === group);
      expect(own.length).toBeGreaterThan(1);
      const res = await t.http.get(`/api/v1/public/rankings/2023/ministry?group=${group}`).expect(200);
      const ranking = res.body as PublicRanking;
      expect(ranking.group).toBe(group);
      expect(ranking.rows.every((r) => r.unitGroup === group)).toBe(true);
      // Every stored row of the group, by its code, with its group rank and rounded index; in group-rank order.
      expect(Object.fromEntries(ranking.rows.map((r) => [r.code, [r.rank, r.groupRank, r.index]]))).toEqual(
        Object.fromEntries(own.map((r) => [r.unit_code, [r.group_rank, r.group_rank, r.index_rounded]])),
      );
      const ranks = ranking.rows.map((r) => r.rank!);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(ranks[0]).toBe(1);
      for (const r of ranking.rows) {
        expect([r.code, seen.get(r.code)]).toEqual([r.code, undefined]);
        seen.set(r.code, group);
      }
    }
    // The two groups together are the whole publication, each unit in one of them only.
    expect([...seen.keys()].sort()).toEqual(rows.map((r) => r.unit_code).sort());
  });

  it('lists the groups with their names and counts without ?group, and gives each row its group and group rank', async () => {
    const rows = await stored(ministry.publicationId);
    const ranking = (await t.http.get('/api/v1/public/rankings/2023/ministry').expect(200)).body as PublicRanking;
    expect(ranking.group).toBeNull();
    expect(ranking.groups).toEqual([
      {
        code: 'with_public_services',
        nameVi: 'Nhóm bộ, ngành có cung cấp dịch vụ công',
        nameEn: 'Ministries and agencies with public services',
        count: rows.filter((r) => r.unit_group === 'with_public_services').length,
      },
      {
        code: 'without_public_services',
        nameVi: 'Nhóm bộ, ngành không cung cấp dịch vụ công',
        nameEn: 'Ministries and agencies without public services',
        count: rows.filter((r) => r.unit_group === 'without_public_services').length,
      },
    ]);
    expect(Object.fromEntries(ranking.rows.map((r) => [r.code, [r.unitGroup, r.rank, r.groupRank, r.index]]))).toEqual(
      Object.fromEntries(rows.map((r) => [r.unit_code, [r.unit_group, r.rank, r.group_rank, r.index_rounded]])),
    );
  });

  it('refuses an unknown group with a 400 naming the field and the allowed values', async () => {
    const unknown = await t.http.get('/api/v1/public/rankings/2023/ministry?group=with_services').expect(400);
    expect(unknown.body.error).toBe('VALIDATION_FAILED');
    expect(unknown.body.details).toEqual([
      { field: 'group', rule: 'isIn', message: 'group must be one of with_public_services, without_public_services' },
    ]);
    const malformed = await t.http.get('/api/v1/public/rankings/2023/ministry?group=Nh%C3%B3m%201').expect(400);
    expect(malformed.body.details).toEqual([expect.objectContaining({ field: 'group', message: 'group must be a group code' })]);
  });

  it('shows on /rankings/2023/ministry a table and a bar chart per group with the publication\'s group ranks and indices, and the radar against the group average', async () => {
    const rows = await stored(ministry.publicationId);
    const res = await t.http.get('/rankings/2023/ministry').expect(200);
    const html = res.text;
    expect(html).not.toContain('id="ranking-table"');
    const bars = jsonBlock<{ bars: { canvasId: string; codes: string[]; ranks: number[]; values: number[] }[] }>(html, 'ranking-data').bars;
    for (const group of GROUPS) {
      const slug = group.replace(/_/g, '-');
      const own = rows.filter((r) => r.unit_group === group);
      const shown = tableRows(html, `ranking-table-${slug}`);
      expect(Object.fromEntries(shown.map(([code, rank, index]) => [code, [rank, index]]))).toEqual(
        Object.fromEntries(own.map((r) => [r.unit_code, [String(r.group_rank), r.index_rounded]])),
      );
      // The page's order and numbers are the API's of the group.
      const api = (await t.http.get(`/api/v1/public/rankings/2023/ministry?group=${group}`).expect(200)).body as PublicRanking;
      expect(shown.map(([code]) => code)).toEqual(api.rows.map((r) => r.code));
      const bar = bars.find((b) => b.canvasId === `chart-index-${slug}`)!;
      expect([bar.codes, bar.ranks, bar.values]).toEqual([api.rows.map((r) => r.code), api.rows.map((r) => r.rank), api.rows.map((r) => r.index)]);
      expect(html).toContain(`<canvas id="chart-index-${slug}"`);
    }

    // The radar compares a ministry with its own group's average, not all ministries'.
    const all = (await t.http.get('/api/v1/public/rankings/2023/ministry').expect(200)).body as PublicRanking;
    const radar = jsonBlock<{
      radar: { axes: { code: string }[]; units: { code: string; average: number }[]; averages: { label: string; values: (number | null)[] }[] };
    }>(html, 'ranking-data').radar;
    const mean = (values: (number | null)[]) => {
      const present = values.filter((v): v is number => v !== null);
      return Math.round((present.reduce((s, v) => s + v, 0) / present.length) * 10_000) / 10_000;
    };
    GROUPS.forEach((group, i) => {
      const members = all.rows.filter((r) => r.unitGroup === group);
      expect(radar.averages[i].values).toEqual(radar.axes.map((a) => mean(members.map((r) => r.values[a.code]))));
      for (const m of members) expect([m.code, radar.units.find((u) => u.code === m.code)!.average]).toEqual([m.code, i]);
    });
    expect(radar.averages[0].values).not.toEqual(radar.axes.map((a) => mean(all.rows.map((r) => r.values[a.code]))));
  });

  it('refuses the ranking of the national level with a 409 pointing to its score card', async () => {
    const res = await t.http.get('/api/v1/public/rankings/2024/national').expect(409);
    expect(res.body.error).toBe('CONFLICT');
    expect(res.body.details).toEqual({ reason: 'levelNotRanked', level: 'national', year: 2024, scoreCard: '/api/v1/public/rankings/2024/national/card' });
    expect(res.body.message).toContain('/api/v1/public/rankings/2024/national/card');
    // Nor a ranking workbook of one: the same refusal, and no export asked for.
    const exportsBefore: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM export_jobs');
    const workbook = await t.http.get('/api/v1/public/rankings/2024/national/workbook').expect(409);
    expect(workbook.body.details).toEqual(res.body.details);
    expect(await t.db.query('SELECT count(*)::int AS n FROM export_jobs')).toEqual(exportsBefore);
  });

  it('documents the group parameter, the national refusal and the score card in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { summary?: string; description?: string; parameters?: { name: string; in: string }[] } }>;
    };
    const ranking = doc.paths['/api/v1/public/rankings/{year}/{level}'].get!;
    expect(ranking.parameters?.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['cursor', 'group', 'limit', 'version']);
    expect(ranking.description).toContain('levelNotRanked');
    expect(doc.paths['/api/v1/public/rankings/{year}/national/card'].get?.summary).toBe('Read the national score card');
  });

  it('serves the national score card: the stored index, each group with its value and points, and the change from the previous edition', async () => {
    const nodeOf = async (publicationId: string) => {
      const [row]: { unit_code: string; index_rounded: number; nodes: Record<string, { value: number; points: number; maxPoints: number }> }[] = await t.db.query(
        'SELECT unit_code, index_rounded, nodes FROM publication_results WHERE publication_id = $1',
        [publicationId],
      );
      return row;
    };
    const now = await nodeOf(national2024.publicationId);
    const before = await nodeOf(national2023.publicationId);
    expect(Object.keys(national2024.units)).toEqual(['VN']);
    expect(now.index_rounded).not.toBe(before.index_rounded);

    const card = (await t.http.get('/api/v1/public/rankings/2024/national/card').expect(200)).body as NationalScoreCard;
    expect(card).toMatchObject({ year: 2024, level: 'national', version: 1, publicationId: national2024.publicationId, unit: { code: 'VN', nameVi: 'Việt Nam' } });
    expect(card.index).toBe(now.index_rounded);
    expect(card.previous).toEqual({
      year: 2023,
      version: 1,
      publicationId: national2023.publicationId,
      index: before.index_rounded,
      change: roundTo(now.index_rounded - before.index_rounded, 4),
    });
    expect(card.parts.map((p) => p.code)).toEqual(['CPS', 'KTS', 'XHS']);
    for (const p of card.parts) {
      const value = roundTo(now.nodes[p.code].value, 4);
      const previousValue = roundTo(before.nodes[p.code].value, 4);
      expect(p).toEqual({
        code: p.code,
        nameVi: expect.any(String),
        nameEn: expect.any(String),
        kind: 'group',
        value,
        points: roundTo(now.nodes[p.code].points, 2),
        maxPoints: now.nodes[p.code].maxPoints,
        previousValue,
        change: roundTo(value - previousValue, 4),
      });
    }
    // The ranking's own score card of the unit agrees on the index.
    expect((await t.http.get('/api/v1/public/rankings/2024/national/units/VN').expect(200)).body.index).toBe(card.index);

    // The first edition has nothing to compare with.
    const first = (await t.http.get('/api/v1/public/rankings/2023/national/card').expect(200)).body as NationalScoreCard;
    expect(first.index).toBe(before.index_rounded);
    expect(first.previous).toBeNull();
    expect(first.parts.every((p) => p.previousValue === null && p.change === null)).toBe(true);
    await t.http.get('/api/v1/public/rankings/2022/national/card').expect(404);
  });

  it('shows /rankings/2024/national as the score card with the change, never a table of one', async () => {
    const card = (await t.http.get('/api/v1/public/rankings/2024/national/card').expect(200)).body as NationalScoreCard;
    const html = (await t.http.get('/rankings/2024/national').expect(200)).text;
    expect(html).not.toContain('class="ranking"');
    expect(html).toMatch(new RegExp(`<strong id="national-index" data-value="${card.index}">`));
    const vi = (n: number) => new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(n);
    const change = /<p class="score-card__change" id="national-change">([\s\S]*?)<\/p>/.exec(html)![1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(change).toContain(`${card.previous!.change! > 0 ? '+' : ''}${vi(card.previous!.change!)}`);
    expect(change).toContain('so với năm 2023');
    for (const p of card.parts) {
      expect(html).toMatch(new RegExp(`<tr data-code="${p.code.replace('.', '\\.')}">[\\s\\S]*?<td class="num value" data-value="${p.value}">${vi(p.value!)}</td>`));
    }
    const chart = jsonBlock<{ values: number[]; previous: number[]; previousLabel: string }>(html, 'card-data');
    expect(chart).toMatchObject({ values: card.parts.map((p) => p.value), previous: card.parts.map((p) => p.previousValue), previousLabel: 'Năm 2023' });

    const first = (await t.http.get('/rankings/2023/national').expect(200)).text;
    expect(first).toContain('Chưa có kỳ công bố trước để so sánh.');
  });

  it('speaks English to a visitor whose language is English (the cookie, else the browser), and keeps each language apart in caches', async () => {
    const ministryEn = (await t.http.get('/rankings/2023/ministry').set('Accept-Language', 'en-GB,en;q=0.9').expect(200));
    expect(ministryEn.headers.vary).toMatch(/Accept-Language/);
    expect(ministryEn.headers.vary).toMatch(/Cookie/);
    const html = ministryEn.text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>DTI 2023 — ministries and agencies</h1>');
    expect(html).toContain('>Ministries and agencies with public services</h2>');
    expect(html).toContain('Rank in group');
    expect(html).toContain('Ministry of Finance');
    expect(html).toContain('"locale":"en-GB"');
    // The numbers the English way, the same numbers.
    const api = (await t.http.get('/api/v1/public/rankings/2023/ministry?group=with_public_services').expect(200)).body as PublicRanking;
    const first = api.rows[0];
    expect(html).toMatch(new RegExp(`data-value="${first.index}">${first.index!.toFixed(4)}</td>`));
    expect(tableRows(html, 'ranking-table-with-public-services').map(([code, rank]) => [code, rank])).toEqual(api.rows.map((r) => [r.code, String(r.rank)]));

    // The language switch's cookie wins over the browser's preference.
    const card = await t.http.get('/rankings/2024/national').set('Cookie', 'dti_lang=en').set('Accept-Language', 'vi').expect(200);
    expect(card.text).toContain('<html lang="en">');
    expect(card.text).toContain('DTI 2024 index');
    expect(card.text).toContain('against 2023');
    expect(card.text).toContain('Digital government');
    const editions = await t.http.get('/rankings').set('Accept-Language', 'en').expect(200);
    expect(editions.text).toContain('<h2 id="level-national">National level</h2>');
    expect(editions.text).toContain('National score card');
    // Without either, Vietnamese.
    expect((await t.http.get('/rankings/2024/national').expect(200)).text).toContain('<html lang="vi">');
  });

  it('lists every level and year published, each linked, on the editions page and in the API', async () => {
    const editions = (await t.http.get('/api/v1/public/editions').expect(200)).body as { year: number; level: string }[];
    expect(editions.map((e) => `${e.year} ${e.level}`).sort()).toEqual(['2023 ministry', '2023 national', '2024 national']);
    const html = (await t.http.get('/rankings').expect(200)).text;
    const links = [...html.matchAll(/<li class="edition" data-level="(\w+)" data-year="(\d+)">\s*<h3><a href="([^"]+)">/g)].map((m) => [m[1], m[2], m[3]]);
    expect(links).toEqual([
      ['national', '2024', '/rankings/2024/national'],
      ['national', '2023', '/rankings/2023/national'],
      ['ministry', '2023', '/rankings/2023/ministry'],
    ]);
    for (const [, , href] of links) await t.http.get(href).expect(200);
  });
});
