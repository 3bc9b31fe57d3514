import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Framework } from '../src/engine/framework.model';
import { frameworkLeaves } from '../src/frameworks/framework-tree';
import { answeredByUnit } from '../src/submissions/answer-check';
import { moveCycle } from './utils/fill-submissions';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(120_000);

interface SavedState {
  submission: { version: number; status: string };
  answers: Record<string, { value: unknown }>;
  evidence: Record<string, unknown[]>;
  missing: Array<{ indicatorCode: string; missing: 'value' | 'evidence' }>;
}

/** The indicators shown on a page (their boxes), in order. */
const shownCodes = (html: string) => [...html.matchAll(/<div class="indicator" id="ind-([^"]+)"/g)].map((m) => m[1]);

/** A section's counts in the menu, as data attributes beside the words. */
function menuCounts(html: string): Record<string, { done: number; total: number }> {
  const out: Record<string, { done: number; total: number }> = {};
  for (const m of html.matchAll(/data-section-count="([^"]+)" data-done="(\d+)" data-total="(\d+)">([^<]*)</g)) {
    out[m[1]] = { done: Number(m[2]), total: Number(m[3]) };
    // The words say the same numbers.
    expect(m[4]).toBe(`${m[2]}/${m[3]} đã trả lời`);
  }
  return out;
}

/** The answers the officer changes after the submission was returned. */
const CHANGED = ['NT.02', 'NT.06', 'TC.01'];

const attr = (html: string, id: string, name: string) => new RegExp(`id="${id}"[^>]*?${name}="([^"]*)"`).exec(html)?.[1];

describe('web app: the self-assessment in sections, its summary and filters (HTTP)', () => {
  let t: TestApp;
  let c: ReviewCycle;
  let framework: Framework;
  let origin: string;
  let agent: request.Agent;
  let token: string;
  let formPath: string;
  const sectionOf = new Map<string, string>();
  const own = new Set<string>();

  const api = () => `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
  const state = async (): Promise<SavedState> => (await t.http.get(api()).set(c.officerA.auth).expect(200)).body;
  const page = async (query = '', status = 200) => (await agent.get(`${formPath}${query}`).expect(status)).text;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    framework = (await t.http.get(`/api/v1/frameworks/${c.frameworkId}`).set(c.admin.auth).expect(200)).body.document;
    for (const { node, ancestors } of frameworkLeaves(framework)) {
      sectionOf.set(node.code, (ancestors[1] ?? ancestors[0] ?? node).code);
      if (answeredByUnit(node)) own.add(node.code);
    }
    // Reviewed once: the reviewer asks Đà Nẵng to clarify NT.03; the cycle goes back to open and its submission back
    // to the unit, whose officer changes NT.06 and clears NT.02 and TC.01.
    const an = c.reviewers[0];
    const review = `/api/v1/cycles/${c.cycleId}/review`;
    await t.http.post(`${review}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: an.id, isLead: true }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    await t.http
      .post(`${review}/units/${c.unitA}/decisions`)
      .set(an.auth)
      .send({ decisions: [{ indicatorCode: 'NT.03', decision: 'clarify', comment: 'Đề nghị gửi quyết định ban hành' }] })
      .expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const read = await t.http.get(api()).set(c.admin.auth).expect(200);
    await t.http.post(`${api()}/return`).set(c.admin.auth).set('If-Match', read.headers.etag).send({ reason: 'Cập nhật số liệu' }).expect(200);
    const returned = await state();
    await t.http
      .patch(`${api()}/answers`)
      .set(c.officerA.auth)
      .set('If-Match', `"${returned.submission.version}"`)
      .send({
        answers: [
          { indicatorCode: 'NT.06', value: !returned.answers['NT.06'].value },
          { indicatorCode: 'NT.02', value: null },
          { indicatorCode: 'TC.01', value: null },
        ],
      })
      .expect(200);

    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    formPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    agent = request.agent(origin);
    const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const login = await agent.get('/app/login').expect(200);
    await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email: c.officerA.email, password: PASSWORD }).expect(303);
    token = csrfOf(await page());
    expect(token).not.toBe('');
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('shows the first section only, with a menu whose done/total counts per section are the answers saved', async () => {
    const html = await page();
    const saved = await state();
    // The first section (NT) and nothing else; its group's heading above it.
    expect(shownCodes(html).length).toBeGreaterThan(0);
    expect(shownCodes(html).every((code) => sectionOf.get(code) === 'NT')).toBe(true);
    expect(shownCodes(html)).toEqual(frameworkLeaves(framework).filter(({ node }) => sectionOf.get(node.code) === 'NT').map(({ node }) => node.code));
    expect(html).toContain('<h2 id="g-I">I. Nhóm chỉ số nền tảng chung</h2>');
    expect(html).toMatch(/<a href="[^"]*\?section=NT" data-section="NT" aria-current="page">/);
    // Every section of PDTI 2022 in the menu, under its group, counted from the saved answers.
    const expected: Record<string, { done: number; total: number }> = {};
    for (const code of own) {
      const section = sectionOf.get(code)!;
      expected[section] ??= { done: 0, total: 0 };
      expected[section].total++;
      const value = saved.answers[code]?.value;
      if (value !== null && value !== undefined) expected[section].done++;
    }
    expect(Object.keys(expected)).toEqual(['NT', 'TC', 'HT', 'NL', 'AT', 'DT', 'CQ', 'KT', 'XH']);
    expect(menuCounts(html)).toEqual(expected);
    // NT.02 and TC.01 were cleared: one to do in each of their sections.
    expect(expected.NT.total - expected.NT.done).toBe(1);
    expect(html).toContain('data-section-todo="NT">còn 1 chưa trả lời<');
    expect(html).toContain('<h3 class="sa-menu__group">II. Nhóm chỉ số hoạt động</h3>');
  });

  it('sums the whole form up at the top: answered of total, evidence attached, flagged and to update', async () => {
    const html = await page();
    const saved = await state();
    const answered = [...own].filter((code) => saved.answers[code]?.value !== null && saved.answers[code]?.value !== undefined).length;
    expect(attr(html, 'sum-answered', 'data-answered')).toBe(String(answered));
    expect(attr(html, 'sum-answered', 'data-total')).toBe(String(own.size));
    expect(html).toContain(`>${answered}/${own.size} chỉ tiêu</dd>`);
    expect(attr(html, 'sum-todo', 'data-count')).toBe(String(own.size - answered));
    const taking = frameworkLeaves(framework).filter(({ node }) => (node.evidence ?? 'optional') !== 'none');
    const withEvidence = taking.filter(({ node }) => (saved.evidence[node.code] ?? []).length > 0).length;
    const evidenceMissing = saved.missing.filter((m) => m.missing === 'evidence').length;
    expect(attr(html, 'sum-evidence', 'data-with')).toBe(String(withEvidence));
    expect(attr(html, 'sum-evidence', 'data-missing')).toBe(String(evidenceMissing));
    expect(html).toContain(`${withEvidence}/${taking.length} chỉ tiêu có minh chứng`);
    // One flagged (the clarification asked on NT.03); to update: the three answers changed since the submission
    // (NT.06 flipped, NT.02 and TC.01 cleared), and every indicator whose required evidence is missing.
    expect(attr(html, 'sum-flagged', 'data-count')).toBe('1');
    const stale = new Set([...CHANGED, ...saved.missing.filter((m) => m.missing === 'evidence').map((m) => m.indicatorCode)]);
    expect(attr(html, 'sum-stale', 'data-count')).toBe(String(stale.size));
  });

  it('shows one section by ?section=, every one by section=all, and refuses an unknown section or filter naming it', async () => {
    const tc = await page('?section=TC');
    expect(shownCodes(tc)[0]).toBe('TC.01');
    expect(shownCodes(tc).every((code) => sectionOf.get(code) === 'TC')).toBe(true);
    expect(tc).toMatch(/data-section="TC" aria-current="page"/);
    expect(tc).toContain('<input type="hidden" name="section" value="TC">');
    // Its neighbours: the previous and next sections.
    expect(tc).toMatch(/id="previous-section">← Phần trước: NT · Nhận thức số</);
    expect(tc).toMatch(/id="next-section">Phần tiếp theo: HT · Hạ tầng số →</);
    const all = await page('?section=all');
    expect(shownCodes(all)).toEqual(frameworkLeaves(framework).map(({ node }) => node.code));
    // What is missing before submit: the section's items one by one, another section's in one line leading to it.
    const saved = await state();
    const nt = await page('?section=NT');
    const ntMissing = saved.missing.filter((m) => sectionOf.get(m.indicatorCode) === 'NT');
    expect([...nt.matchAll(/<li data-code="([^"]+)" data-what="([a-z]+)"><a href="#ind-\1">/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(
      ntMissing.map((m) => `${m.indicatorCode}:${m.missing}`),
    );
    const tcMissing = saved.missing.filter((m) => sectionOf.get(m.indicatorCode) === 'TC').length;
    expect(nt).toContain(`<li data-section="TC"><a href="${formPath}?section=TC">TC · Thể chế số</a>: ${tcMissing} mục còn thiếu</li>`);

    const badSection = await page('?section=ZZ', 400);
    expect(badSection).toContain('Phần “ZZ” (tham số section) không có trong phiếu; hãy chọn một trong: NT, TC, HT, NL, AT, DT, CQ, KT, XH, all.');
    expect(shownCodes(badSection)[0]).toBe('NT.01');
    const badFilter = await page('?filter=xyz', 400);
    expect(badFilter).toContain('Bộ lọc “xyz” (tham số filter) không có; hãy chọn một trong: all, todo, flagged, stale.');
  });

  it('filters: to do shows the unanswered, flagged the clarification asked, stale what changed or lacks its evidence', async () => {
    const saved = await state();
    const inOrder = frameworkLeaves(framework).map(({ node }) => node.code);
    const todo = await page('?section=all&filter=todo');
    expect(shownCodes(todo)).toEqual(inOrder.filter((code) => own.has(code) && (saved.answers[code]?.value ?? null) === null));
    expect(shownCodes(todo)).toEqual(expect.arrayContaining(['NT.02', 'TC.01']));
    expect(todo).toMatch(/data-filter="todo" aria-current="page">Chưa trả lời <span class="sa-filters__count">\(\d+\)/);

    const flagged = await page('?section=all&filter=flagged');
    expect(shownCodes(flagged)).toEqual(['NT.03']);
    expect(flagged).toContain(`<li class="sa-note sa-note--clarification" data-flag="clarification"><a href="${formPath}/clarifications#th-NT.03">Chuyên gia thẩm định đề nghị giải trình</a></li>`);

    const stale = await page('?section=all&filter=stale');
    const evidenceMissing = new Set(saved.missing.filter((m) => m.missing === 'evidence').map((m) => m.indicatorCode));
    expect(shownCodes(stale)).toEqual(inOrder.filter((code) => CHANGED.includes(code) || evidenceMissing.has(code)));
    expect(stale).toMatch(/id="ind-NT\.06"[\s\S]*?data-stale="changed">Đã sửa sau lần nộp trước: chuyên gia chưa xem</);

    // The filter within one section; a section where nothing passes says so.
    const ntTodo = await page('?section=NT&filter=todo');
    expect(shownCodes(ntTodo)).toEqual(['NT.02']);
    const xhFlagged = await page('?section=XH&filter=flagged');
    expect(shownCodes(xhFlagged)).toEqual([]);
    expect(xhFlagged).toContain('Phần này không có chỉ tiêu nào khớp bộ lọc “Cần chú ý”.');
  });

  it('saves a section without script and comes back to it, its counts moved by the answer saved', async () => {
    const before = menuCounts(await page('?section=TC'));
    const { submission } = await state();
    const saved = await agent
      .post(`${formPath}/answers`)
      .set('Origin', origin)
      .type('form')
      .send({ _csrf: token, version: String(submission.version), section: 'TC', filter: 'todo', 'value[TC.01]': '3' })
      .expect(303);
    expect(saved.headers.location).toBe(`${formPath}?done=saved&section=TC&filter=todo`);
    expect((await state()).answers['TC.01'].value).toBe(3);
    const after = await page('?section=TC&filter=todo');
    expect(menuCounts(after).TC).toEqual({ done: before.TC.done + 1, total: before.TC.total });
    expect(menuCounts(after).NT).toEqual(before.NT);
    expect(shownCodes(after)).toEqual([]);
    expect(after).toContain('data-section-todo="TC">đã trả lời hết<');
  });
});
