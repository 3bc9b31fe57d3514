import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { join } from 'node:path';
import { Role } from '../src/auth/role';
import type { FrameworkNode } from '../src/engine/framework.model';
import { leafIndex } from '../src/frameworks/framework-tree';
import { PublicationsService } from '../src/publications/publications.service';
import type { RankingRow } from '../src/scoring/score-run.view';
import { COL, SHEETS, parseRowKey } from '../src/submissions/template/template-layout';
import { choiceEntries, NO, YES } from '../src/workbooks/choice-lists';
import { binaryBody } from './utils/binary-body';
import { moveCycle } from './utils/fill-submissions';
import { frameworkFile } from './utils/framework-files';
import { acceptAll } from './utils/review-fixture';
import { registryAndAdmin } from './utils/published-level';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * A ministry DTI cycle (922/QĐ-BTTTT Phụ lục 2, config/frameworks/mdti-2022.yaml) from draft to published, through
 * HTTP as the real roles: ministries are ranked in two groups, with and without public services, as 922 publishes them.
 */

const framework = frameworkFile('mdti-2022.yaml');
const leaves = leafIndex(framework);
const WITH = 'with_public_services';
const WITHOUT = 'without_public_services';
/** Two ministries of the group with public services that answer alike: they must share a rank. */
const TWINS = ['BTC', 'BKHDT'];
/** Takes part and is scored, but is not ranked. */
const UNRANKED = 'UBDT';
/** The unit reviewed by three reviewers with different points (reconciled by the median). */
const RECONCILED = 'NHNN';
/** The unit whose officer objects to a reviewed score. */
const OBJECTING = 'BCT';
/** The unit whose officer fills the Excel template instead of the API. */
const BY_TEMPLATE = 'BTTTT';

interface Plan {
  answers: { indicatorCode: string; value: unknown; selfPoints?: number }[];
  system: { unit: string; indicator: string; value: unknown }[];
}

/** A ministry's self-assessment and its system-measured values, varied by k (its place in the registry). */
function plan(code: string, k: number): Plan {
  const pct = (m: number) => (k * m) % 101;
  const answers = [
    { indicatorCode: 'NT.01', value: k % 3 !== 0 },
    { indicatorCode: 'NT.03', value: pct(7) },
    { indicatorCode: 'TC.01', value: pct(13) },
    { indicatorCode: 'TC.02', value: ['none', 'partial', 'full'][k % 3] },
    { indicatorCode: 'HT.02', value: `Hệ thống thông tin của ${code} đã kết nối trục liên thông`, selfPoints: (k * 3) % 51 },
    { indicatorCode: 'HT.03', value: k % 2 === 0 },
    { indicatorCode: 'NL.01', value: k % 4 !== 1 },
    { indicatorCode: 'NL.03', value: pct(17) },
    { indicatorCode: 'AT.01', value: pct(23) },
    { indicatorCode: 'AT.02', value: ['full', 'partial', 'none'][k % 3] },
    { indicatorCode: 'HD.02', value: `Báo cáo hoạt động chuyển đổi số năm 2022 của ${code}`, selfPoints: (k * 11) % 134 },
    { indicatorCode: 'HD.03', value: k % 5 !== 2 },
  ];
  const ratio = { numerator: k, denominator: 16 };
  const system = [
    { unit: code, indicator: 'NT.02', value: pct(9) },
    { unit: code, indicator: 'NL.02', value: pct(19) },
    ...['TC.03', 'HT.01', 'AT.03', 'HD.01'].map((indicator) => ({ unit: code, indicator, value: ratio })),
  ];
  return { answers, system };
}

/** The leaves whose evidence is required and that the unit answers. */
const EVIDENCE_REQUIRED = [...leaves.values()].map((l) => l.node).filter((n) => n.evidence === 'required' && n.source !== 'system').map((n) => n.code);

/** Standard competition ranks ("1224") of the given values: 1 + how many values are strictly greater. */
const competition = (values: number[]): number[] => values.map((v) => 1 + values.filter((w) => w > v).length);

/** A template cell for an answer. */
function cellOf(leaf: FrameworkNode, value: unknown): ExcelJS.CellValue {
  if (leaf.input!.type === 'boolean') return value ? YES : NO;
  if (leaf.input!.type === 'choice') return choiceEntries(leaf).find((e) => e.value === value)!.shown;
  return value as ExcelJS.CellValue;
}

describe('a ministry cycle end to end: two ranking groups', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let cycleId: string;
  let runId: string;
  let publicationId: string;
  /** unit code → id, registry order */
  const units = new Map<string, string>();
  const groupOf = new Map<string, string>();
  const officers = new Map<string, SignedInUser>();
  const plans = new Map<string, Plan>();
  let reviewers: SignedInUser[];

  const review = () => `/api/v1/cycles/${cycleId}/review`;
  const submissionUrl = (code: string) => `/api/v1/cycles/${cycleId}/units/${units.get(code)}/submission`;
  const version = async (code: string) => Number((await t.http.get(submissionUrl(code)).set(officers.get(code)!.auth).expect(200)).headers.etag.replace(/"/g, ''));

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    admin = await registryAndAdmin(t);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('creates the 2022 ministry cycle on MDTI 2022 with the 16 ministries in their registry groups, one not ranked', async () => {
    const fw = await t.http
      .post('/api/v1/frameworks')
      .set(admin.auth)
      .type('application/yaml')
      .send(readFileSync(join(process.cwd(), 'config', 'frameworks', 'mdti-2022.yaml'), 'utf8'))
      .expect(201);
    const list = await t.http.get('/api/v1/units?level=ministry&validOn=2022-12-31&pageSize=100').set(admin.auth).expect(200);
    const ministries = list.body.items as { id: string; code: string; unitGroup: string }[];
    expect(ministries).toHaveLength(16);
    for (const u of ministries) {
      units.set(u.code, u.id);
      groupOf.set(u.code, u.unitGroup);
    }
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({
        year: 2022,
        level: 'ministry',
        frameworkId: fw.body.id,
        nameVi: 'Đánh giá DTI cấp bộ năm 2022',
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 30 * 86_400_000).toISOString(),
        participants: ministries.map((u) => (u.code === UNRANKED ? { unitId: u.id, ranked: false } : { unitId: u.id })),
      })
      .expect(201);
    cycleId = cycle.body.id;
    const participants = (await t.http.get(`/api/v1/cycles/${cycleId}/participants`).set(admin.auth).expect(200)).body;
    const rows = participants as { unitId: string; unitGroup: string; ranked: boolean }[];
    expect(rows).toHaveLength(16);
    const byId = new Map(rows.map((p) => [p.unitId, p]));
    for (const [code, id] of units) expect([code, byId.get(id)!.unitGroup, byId.get(id)!.ranked]).toEqual([code, groupOf.get(code), code !== UNRANKED]);
    expect(new Set(groupOf.values())).toEqual(new Set([WITH, WITHOUT]));
    await moveCycle(t, admin.auth, cycleId, 'open');

    const codes = [...units.keys()];
    for (const [k, code] of codes.entries()) {
      // The twins answer alike (as the first of them does), and so do their national systems.
      plans.set(code, plan(code, 1 + (TWINS.includes(code) ? codes.indexOf(TWINS[0]) : k)));
      officers.set(code, await signedInUser(t, Role.Officer, `officer.${code.toLowerCase()}@dti.test`, units.get(code)));
    }
  }, 120_000);

  it('officers answer through the API; one fills the Excel template; evidence (a file too) is attached; all submit', async () => {
    for (const [code, p] of plans) {
      if (code === BY_TEMPLATE) continue;
      await t.http.patch(`${submissionUrl(code)}/answers`).set(officers.get(code)!.auth).set('If-Match', String(await version(code))).send({ answers: p.answers }).expect(200);
    }
    // Another ministry's officer may not write this one's answers.
    await t.http
      .patch(`${submissionUrl('BTC')}/answers`)
      .set(officers.get('VTV')!.auth)
      .set('If-Match', String(await version('BTC')))
      .send({ answers: [{ indicatorCode: 'NT.01', value: false }] })
      .expect(403);

    // The template round trip: download, fill, upload (read by the worker), then the hand-scored leaves' own points.
    const officer = officers.get(BY_TEMPLATE)!;
    const file = await t.http.get(`${submissionUrl(BY_TEMPLATE)}/template`).set(officer.auth).buffer(true).parse(binaryBody).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as ExcelJS.Buffer);
    const planned = new Map(plans.get(BY_TEMPLATE)!.answers.map((a) => [a.indicatorCode, a]));
    const filled = new Set<string>();
    workbook.getWorksheet(SHEETS.answers)!.eachRow((row, n) => {
      const key = n > 1 ? parseRowKey(String(row.getCell(COL.code).value)) : undefined;
      const answer = key && planned.get(key.code);
      if (!answer) return;
      row.getCell(COL.value).value = cellOf(leaves.get(answer.indicatorCode)!.node, answer.value);
      filled.add(answer.indicatorCode);
    });
    expect([...filled].sort()).toEqual([...planned.keys()].sort());
    const upload = await t.http.post(`${submissionUrl(BY_TEMPLATE)}/template`).set(officer.auth).attach('file', Buffer.from(await workbook.xlsx.writeBuffer()), 'tu-danh-gia-bo-tttt.xlsx').expect(202);
    await drainQueues(t);
    const job = (await t.http.get(`/api/v1/imports/${upload.body.id}`).set(officer.auth).expect(200)).body;
    expect(job).toMatchObject({ status: 'succeeded' });
    expect(job.report.problems).toEqual([]);
    const stored = (await t.http.get(submissionUrl(BY_TEMPLATE)).set(officer.auth).expect(200)).body.answers;
    for (const a of planned.values()) expect([a.indicatorCode, stored[a.indicatorCode]?.value]).toEqual([a.indicatorCode, a.value]);
    await t.http
      .patch(`${submissionUrl(BY_TEMPLATE)}/answers`)
      .set(officer.auth)
      .set('If-Match', String(await version(BY_TEMPLATE)))
      .send({ answers: [...planned.values()].filter((a) => a.selfPoints !== undefined) })
      .expect(200);

    // Evidence: a PDF for one leaf of one ministry, citations for the rest.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const [firstRequired, ...otherRequired] = EVIDENCE_REQUIRED;
    expect(firstRequired).toBeDefined();
    for (const code of units.keys()) {
      const auth = officers.get(code)!.auth;
      const refused = await t.http.post(`${submissionUrl(code)}/submit`).set(auth).set('If-Match', String(await version(code))).send({}).expect(422);
      expect(refused.body.details.map((d: { rule: string }) => d.rule)).toContain('evidenceRequired');
      if (code === 'BTC') {
        await t.http
          .post(`${submissionUrl(code)}/evidence/files`)
          .set(auth)
          .set('If-Match', String(await version(code)))
          .field('indicatorCode', firstRequired)
          .attach('file', pdf, { filename: 'Quyết định ban hành kế hoạch.pdf', contentType: 'application/pdf' })
          .expect(201);
      }
      for (const indicatorCode of code === 'BTC' ? otherRequired : EVIDENCE_REQUIRED) {
        await t.http
          .post(`${submissionUrl(code)}/evidence`)
          .set(auth)
          .send({ version: await version(code), indicatorCode, kind: 'citation', documentNumber: `12/QĐ-${code}`, documentTitle: 'Kế hoạch chuyển đổi số năm 2022', issuedOn: '2022-02-15' })
          .expect(201);
      }
      const submitted = await t.http.post(`${submissionUrl(code)}/submit`).set(auth).set('If-Match', String(await version(code))).send({}).expect(200);
      expect(submitted.body.submission.status).toBe('submitted');
    }

    // The national systems' values, imported by the administrator.
    const values = [...plans.values()].flatMap((p) => p.system);
    const imported = await t.http.post(`/api/v1/cycles/${cycleId}/system-values`).set(admin.auth).attach('file', Buffer.from(JSON.stringify({ values })), 'he-thong.json').expect(202);
    await drainQueues(t);
    expect((await t.http.get(`/api/v1/imports/${imported.body.id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'succeeded' });
  }, 240_000);

  it('reviewers are assigned (a conflict of interest refused), review, reconcile by the median, and an objection is accepted', async () => {
    reviewers = [];
    for (const name of ['an', 'binh', 'chi']) reviewers.push(await signedInUser(t, Role.Reviewer, `reviewer.${name}@dti.test`));
    const [an, binh, chi] = reviewers;
    const assign = (code: string, reviewer: SignedInUser, isLead = false) =>
      t.http.post(`${review()}/assignments`).set(admin.auth).send({ unitId: units.get(code), reviewerId: reviewer.id, isLead });
    // Chi works at the Ministry of Finance: declared, then refused as its reviewer.
    await t.http.post(`/api/v1/reviewers/${chi.id}/conflicts`).set(admin.auth).send({ unitId: units.get('BTC'), reason: 'Công tác tại Cục Tin học và Thống kê tài chính' }).expect(201);
    const refused = await assign('BTC', chi).expect(409);
    expect(refused.body.details).toMatchObject({ rule: 'conflictOfInterest' });
    for (const code of units.keys()) {
      await assign(code, an, true).expect(201);
      await assign(code, binh).expect(201);
    }
    await assign(RECONCILED, chi).expect(201);
    await moveCycle(t, admin.auth, cycleId, 'review');

    for (const code of units.keys()) {
      const except = code === RECONCILED ? ['HD.02'] : [];
      await acceptAll(t, an, cycleId, units.get(code)!, except);
      await acceptAll(t, binh, cycleId, units.get(code)!, except);
    }
    await acceptAll(t, chi, cycleId, units.get(RECONCILED)!, ['HD.02']);
    const unitId = units.get(RECONCILED)!;
    for (const [reviewer, points] of [[an, 100], [binh, 110], [chi, 90]] as const) {
      await t.http
        .post(`${review()}/units/${unitId}/decisions`)
        .set(reviewer.auth)
        .send({ decisions: [{ indicatorCode: 'HD.02', decision: 'adjust', points, comment: 'Theo báo cáo và minh chứng' }] })
        .expect(201);
    }
    expect((await t.http.get(`${review()}/units/${unitId}/finals/HD.02`).set(admin.auth).expect(200)).body).toMatchObject({ points: 100, method: 'median' });

    // The objection window is open now; the Ministry of Industry and Trade objects to HT.02 and the lead accepts it.
    const settings = await t.http.get(`${review()}/settings`).set(admin.auth).expect(200);
    await t.http
      .put(`${review()}/settings`)
      .set(admin.auth)
      .set('If-Match', String(settings.body.version))
      .send({ objectionsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), objectionsCloseAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(200);
    const objecting = officers.get(OBJECTING)!;
    const objection = await t.http
      .post(`${review()}/units/${units.get(OBJECTING)}/objections`)
      .set(objecting.auth)
      .send({ indicatorCode: 'HT.02', reason: 'Hội đồng chưa xét văn bản kết nối trục liên thông' })
      .expect(201);
    await t.http
      .post(`${review()}/objections/${objection.body.id}/decision`)
      .set(an.auth)
      .send({ outcome: 'accept', points: 45, answer: 'Chấp nhận: minh chứng bổ sung hợp lệ' })
      .expect(200);
    expect((await t.http.get(`${review()}/units/${units.get(OBJECTING)}/finals/HT.02`).set(admin.auth).expect(200)).body).toMatchObject({ points: 45, method: 'objection' });

    const completion = await t.http.get(`${review()}/completion`).set(admin.auth).expect(200);
    expect(completion.body).toMatchObject({ units: 16, complete: 16 });
  }, 240_000);

  it('scores on the queue: each group is ranked 1..n apart, ties shared; the unranked ministry has an index and no rank', async () => {
    await moveCycle(t, admin.auth, cycleId, 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    runId = run.body.run.id;
    await drainQueues(t);
    expect((await t.http.get(`/api/v1/score-runs/${runId}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'succeeded', unitCount: 16 });

    const all = (await t.http.get(`/api/v1/score-runs/${runId}/ranking`).set(admin.auth).expect(200)).body as RankingRow[];
    expect(all).toHaveLength(16);
    const unranked = all.find((r) => r.code === UNRANKED)!;
    expect(unranked).toMatchObject({ ranked: false, rank: null, groupRank: null });
    expect(typeof unranked.value).toBe('number');
    // The twins answered alike and were reviewed alike: one index, one rank.
    const [a, b] = TWINS.map((code) => all.find((r) => r.code === code)!);
    expect(a.value).toBe(b.value);
    expect(a.groupRank).toBe(b.groupRank);

    for (const group of [WITH, WITHOUT]) {
      const rows = (await t.http.get(`/api/v1/score-runs/${runId}/ranking?group=${group}`).set(admin.auth).expect(200)).body as RankingRow[];
      const members = [...groupOf].filter(([, g]) => g === group).map(([code]) => code);
      // Exactly the group's units, none of the other group.
      expect(rows.map((r) => r.code).sort()).toEqual([...members].sort());
      expect(rows.every((r) => r.unitGroup === group)).toBe(true);
      const ranked = rows.filter((r) => r.ranked);
      const expected = competition(ranked.map((r) => r.value!));
      expect(ranked.map((r) => [r.code, r.rank])).toEqual(ranked.map((r, i) => [r.code, expected[i]]));
      expect(ranked.map((r) => r.groupRank)).toEqual(expected);
      // Unfiltered too, a ministry's rank is its group's: 922 publishes no rank across the groups.
      const unfiltered = new Map(all.map((r) => [r.code, r]));
      expect(ranked.map((r) => [r.code, unfiltered.get(r.code)!.rank])).toEqual(ranked.map((r, i) => [r.code, expected[i]]));
      // 1..n: the best is 1, and no rank is above the number of units ranked in the group.
      expect(Math.min(...expected)).toBe(1);
      expect(Math.max(...expected)).toBeLessThanOrEqual(ranked.length);
    }
    // The tie is shared and the next rank skips: 1224.
    const withRows = all.filter((r) => r.unitGroup === WITH && r.ranked);
    const below = withRows.filter((r) => r.value! < a.value!);
    expect(below.length).toBeGreaterThan(0);
    expect(Math.min(...below.map((r) => r.groupRank!))).toBe(a.groupRank! + 2);
    expect(withRows.filter((r) => r.groupRank === a.groupRank).map((r) => r.code).sort()).toEqual([...TWINS].sort());

    // The reviews reached the scores: the median of 100, 110, 90 and the accepted objection's 45 points.
    const results: { unit_code: string; nodes: Record<string, { points: number }> }[] = await t.db.query(
      'SELECT unit_code, nodes FROM score_results WHERE run_id = $1 AND unit_code = ANY($2)',
      [runId, [RECONCILED, OBJECTING]],
    );
    const points = Object.fromEntries(results.map((r) => [r.unit_code, r.nodes]));
    expect(points[RECONCILED]['HD.02'].points).toBe(100);
    expect(points[OBJECTING]['HT.02'].points).toBe(45);
  }, 120_000);

  it('publishes: the frozen rows keep each group apart, and publication:verify passes, then fails after a stored value changes', async () => {
    const pub = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(admin.auth).send({ runId }).expect(201);
    publicationId = pub.body.id;
    const rows: { unit_code: string; unit_group: string; ranked: boolean; rank: number | null; group_rank: number | null; index_rounded: number | null }[] = await t.db.query(
      'SELECT unit_code, unit_group, ranked, rank, group_rank, index_rounded FROM publication_results WHERE publication_id = $1',
      [publicationId],
    );
    expect(rows).toHaveLength(16);
    for (const group of [WITH, WITHOUT]) {
      const ranked = rows.filter((r) => r.unit_group === group && r.ranked);
      expect(ranked.map((r) => r.unit_code).sort()).toEqual([...groupOf].filter(([code, g]) => g === group && code !== UNRANKED).map(([code]) => code).sort());
      const expected = competition(ranked.map((r) => r.index_rounded!));
      expect(ranked.map((r) => [r.unit_code, r.group_rank, r.rank])).toEqual(ranked.map((r, i) => [r.unit_code, expected[i], expected[i]]));
    }
    // The public score card's rank is the group's.
    const card = (await t.http.get('/api/v1/public/rankings/2022/ministry/units/VTV').expect(200)).body;
    const vtv = rows.find((r) => r.unit_code === 'VTV')!;
    expect(card).toMatchObject({ rank: vtv.group_rank, groupRank: vtv.group_rank });
    expect(rows.find((r) => r.unit_code === UNRANKED)).toMatchObject({ ranked: false, rank: null, group_rank: null, index_rounded: expect.any(Number) });

    const publications = t.app.get(PublicationsService);
    expect(await publications.verify(publicationId)).toEqual({ publicationId, ok: true, problems: [] });
    // The database refuses the change; the tables' owner could still make it with the guard off.
    const tamper = `UPDATE publication_results SET index_rounded = index_rounded + 0.01 WHERE publication_id = $1 AND unit_code = 'VTV'`;
    await expect(t.db.query(tamper, [publicationId])).rejects.toThrow(/frozen/);
    await t.db.query('ALTER TABLE publication_results DISABLE TRIGGER publication_results_frozen');
    try {
      await t.db.query(tamper, [publicationId]);
    } finally {
      await t.db.query('ALTER TABLE publication_results ENABLE TRIGGER publication_results_frozen');
    }
    const broken = await publications.verify(publicationId);
    expect(broken.ok).toBe(false);
    expect(broken.problems.join('\n')).toContain('VTV');
  }, 120_000);

  it("the officer's score card page gives the one rank a ministry has, its group's, with the group named", async () => {
    await t.app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const agent = request.agent(origin);
    const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const login = await agent.get('/app/login').expect(200);
    await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email: officers.get('VTV')!.email, password: PASSWORD }).expect(303);
    const [vtv]: { group_rank: number }[] = await t.db.query("SELECT group_rank FROM publication_results WHERE unit_code = 'VTV'");
    const html = (await agent.get(`/app/cycles/${cycleId}/units/${units.get('VTV')}/score-card`).expect(200)).text;
    const facts = /<dl class="facts" id="card-facts">([\s\S]*?)<\/dl>/.exec(html)![1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(facts).toContain(`Hạng trong nhóm ${vtv.group_rank} · Nhóm bộ, ngành không cung cấp dịch vụ công`);
    expect(facts).not.toContain('without_public_services');
    expect(html).not.toContain('id="card-group-rank"');
  }, 60_000);
});
