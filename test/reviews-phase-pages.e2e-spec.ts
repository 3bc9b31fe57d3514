import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, restoreClock, setNow, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

jest.setTimeout(240_000);

/** The text of some HTML as a reader sees it: tags dropped, entities read, spaces collapsed. */
const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The element with this id (its opening tag's attributes, its text): the pages' banners, the final values. */
function element(html: string, id: string): { attrs: string; text: string } {
  const open = new RegExp(`<(\\w+)([^>]*\\sid="${id.replace(/\./g, '\\.')}"[^>]*)>`).exec(html);
  if (!open) throw new Error(`no element #${id} on the page`);
  const close = html.indexOf(`</${open[1]}>`, open.index);
  return { attrs: open[2], text: text(html.slice(open.index + open[0].length, close)) };
}
const attr = (e: { attrs: string }, name: string): string | null => new RegExp(`${name}="([^"]*)"`).exec(e.attrs)?.[1] ?? null;

describe('phase-true pages: each banner and refusal says what is the case for the phase; the reviewer sees how a final value was reached', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: ReviewCycle;
  let origin: string;
  let an: SignedInUser;
  let binh: SignedInUser;
  let chi: SignedInUser;
  const api = () => `/api/v1/cycles/${c.cycleId}/review`;
  const formPath = () => `/app/cycles/${c.cycleId}/units/${c.unitA}`;
  const reviewerPath = () => `/app/review/cycles/${c.cycleId}/units/${c.unitA}`;
  const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  /** A browser's session through the sign-in form, in Vietnamese or English (the language switch's cookie). */
  async function signIn(email: string, lang: 'vi' | 'en' = 'vi'): Promise<request.Agent> {
    const agent = request.agent(origin);
    if (lang === 'en') agent.jar.setCookie('dti_lang=en; Path=/', '127.0.0.1', '/');
    const login = await agent.get('/app/login').expect(200);
    await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email, password: PASSWORD }).expect(303);
    return agent;
  }

  /** The three pages' banners as one reader of each sees them now. */
  async function banners(lang: 'vi' | 'en') {
    const officer = await signIn(c.officerA.email, lang);
    const reviewer = await signIn(an.email, lang);
    const form = (await officer.get(formPath()).expect(200)).text;
    const review = (await officer.get(`${formPath()}/review`).expect(200)).text;
    const unit = (await reviewer.get(reviewerPath()).expect(200)).text;
    return {
      form: /id="locked"/.test(form) ? element(form, 'locked').text : null,
      officerReview: { moment: attr(element(review, 'window-state'), 'data-moment'), text: element(review, 'window-state').text },
      reviewer: { moment: attr(element(unit, 'phase-note'), 'data-moment'), text: element(unit, 'phase-note').text },
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await reviewCycle(t);
    [an, binh, chi] = c.reviewers;
    // Đà Nẵng: three reviewers, An the lead (median, 20 % of max points); Hà Nội and Hồ Chí Minh: An alone.
    for (const [who, isLead] of [[an, true], [binh, false], [chi, false]] as const) {
      await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: who.id, isLead }).expect(201);
    }
    for (const unitId of [c.unitB, c.unitC]) await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId, reviewerId: an.id }).expect(201);
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    restoreClock(t);
    await worker?.close();
    await t?.close();
  });

  it('says each phase as it is on the officer\'s form, the reviewer\'s unit page and the officer\'s review page, in Vietnamese and English; refuses a write in a published cycle as read only; tells each final value\'s story', async () => {
    // Open: the unit has submitted; nothing is reviewed yet.
    let vi = await banners('vi');
    let en = await banners('en');
    expect(vi.form).toBe('Phiếu không sửa được: phiếu đã nộp và đang chờ thẩm định.');
    expect(en.form).toBe('The self-assessment cannot be edited: it is submitted and waits for review.');
    expect(vi.reviewer).toEqual({ moment: 'open', text: 'Kỳ đánh giá đang ở giai đoạn “Đang nhận phiếu”: thẩm định bắt đầu khi kỳ chuyển sang giai đoạn thẩm định; hiện chỉ xem.' });
    expect(en.reviewer.text).toMatch(/^The cycle is in “.+”: the review starts when it moves to review; read only for now\.$/);
    expect(vi.officerReview).toEqual({ moment: 'open', text: 'Kỳ đánh giá đang ở giai đoạn “Đang nhận phiếu”: kết quả thẩm định có sau giai đoạn thẩm định.' });
    expect(en.officerReview.text).toMatch(/reviewed scores come after the review\.$/);

    // Review: decisions are taken; no objection window yet.
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    vi = await banners('vi');
    en = await banners('en');
    expect(vi.form).toBe('Phiếu không sửa được: phiếu đã nộp và đang được thẩm định; câu hỏi của chuyên gia được trả lời ở trang Giải trình.');
    expect(en.form).toMatch(/: it is submitted and under review;/);
    expect(vi.reviewer).toEqual({ moment: 'review', text: 'Đang thẩm định: mỗi quyết định được lưu riêng cho từng chỉ tiêu.' });
    expect(en.reviewer).toEqual({ moment: 'review', text: 'In review: each decision is saved for its own indicator.' });
    expect(vi.officerReview).toEqual({ moment: 'review', text: 'Kỳ đánh giá đang thẩm định; thời hạn kiến nghị chưa được đặt.' });
    expect(en.officerReview.text).toBe('The cycle is in review; no objection window has been set yet.');

    // The decisions. NT.05 (max 10): 5, 9, 6 are 4 apart, over 2: flagged, the lead settles at 7. TC.04 (max 9): 6, 7, 7,
    // 1 apart, within 1.8: the median, 7. Everything else accepted by all three; the other units by An.
    const decide = (who: SignedInUser, decisions: object[]) => t.http.post(`${api()}/units/${c.unitA}/decisions`).set(who.auth).send({ decisions }).expect(201);
    for (const [who, nt05, tc04] of [[an, 5, 6], [binh, 9, 7], [chi, 6, 7]] as const) {
      await acceptAll(t, who, c.cycleId, c.unitA, ['NT.05', 'TC.04']);
      await decide(who, [
        { indicatorCode: 'NT.05', decision: 'adjust', points: nt05, comment: 'Chấm theo minh chứng' },
        { indicatorCode: 'TC.04', decision: 'adjust', points: tc04, comment: 'Chấm theo minh chứng' },
      ]);
    }
    for (const unitId of [c.unitB, c.unitC]) await acceptAll(t, an, c.cycleId, unitId);
    // The lead settles NT.05 on the page: its form is there for An alone; a ruling without a reason is refused in words.
    const lead = await signIn(an.email);
    const waiting = (await lead.get(reviewerPath()).expect(200)).text;
    expect(attr(element(waiting, 'final-NT.05'), 'data-how')).toBe('awaitingLead');
    expect(waiting).toContain('id="settle-NT.05"');
    expect((await (await signIn(binh.email)).get(reviewerPath()).expect(200)).text).not.toContain('id="settle-NT.05"');
    const settle = (reason: string) =>
      lead
        .post(`${reviewerPath()}/lead-decisions`)
        .set('Origin', origin)
        .type('form')
        .send({ _csrf: csrfOf(waiting), indicatorCode: 'NT.05', 'points[NT.05]': '7', reason });
    const noReason = await settle('   ');
    expect(noReason.status).toBe(422);
    expect(element(noReason.text, 'error-summary').text).toContain('Chưa chốt được giá trị cuối cho NT.05:');
    const settled = await settle('Lấy mức có minh chứng đầy đủ');
    expect(settled.status).toBe(303);
    expect(settled.headers.location).toContain('done=settled');
    expect((await t.http.get(`${api()}/units/${c.unitA}/finals/NT.05`).set(an.auth).expect(200)).body).toMatchObject({ points: 7, method: 'lead', decidedById: an.id });

    // Objections: the window open (review), the officer objects to TC.10, the lead accepts with other points.
    const settings = await t.http.get(`${api()}/settings`).set(c.admin.auth).expect(200);
    await t.http
      .put(`${api()}/settings`)
      .set(c.admin.auth)
      .set('If-Match', String(settings.body.version))
      .send({ objectionsOpenAt: '2030-01-01T00:00:00', objectionsCloseAt: '2030-01-10T00:00:00' })
      .expect(200);
    setNow(t, '2030-01-05T09:00:00');
    vi = await banners('vi');
    en = await banners('en');
    expect(vi.form).toBe('Phiếu không sửa được: phiếu đã nộp và đang được thẩm định; câu hỏi của chuyên gia được trả lời ở trang Giải trình.');
    expect(vi.reviewer).toEqual({ moment: 'objections', text: 'Đang thẩm định; đơn vị đang trong thời hạn kiến nghị, đến 00:00 10/01/2030.' });
    expect(en.reviewer).toEqual({ moment: 'objections', text: 'In review; the unit may object until 00:00 10/01/2030.' });
    expect(vi.officerReview).toEqual({ moment: 'objections', text: 'Đang trong thời hạn kiến nghị, đến 00:00 10/01/2030.' });
    expect(en.officerReview.text).toBe('Objections are taken until 00:00 10/01/2030.');
    const before = (await t.http.get(`${api()}/units/${c.unitA}/finals/TC.10`).set(an.auth).expect(200)).body as { points: number };
    const newPoints = before.points === 9 ? 8 : 9;
    const objection = await t.http.post(`${api()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'TC.10', reason: 'Đã có quy chế' }).expect(201);
    await t.http.post(`${api()}/objections/${objection.body.id}/decision`).set(an.auth).send({ outcome: 'accept', points: newPoints, answer: 'Chấp nhận theo quy chế' }).expect(200);

    // Scoring: the review is over; the window has closed.
    setNow(t, '2030-01-20T09:00:00');
    await moveCycle(t, c.admin.auth, c.cycleId, 'scoring');
    vi = await banners('vi');
    en = await banners('en');
    expect(vi.form).toBe('Phiếu không sửa được: thẩm định đã xong, kỳ đánh giá đang chấm điểm.');
    expect(en.form).toBe('The self-assessment cannot be edited: the review is over and the cycle is being scored.');
    expect(vi.reviewer).toEqual({ moment: 'scoring', text: 'Thẩm định đã kết thúc, kỳ đánh giá đang chấm điểm – quyết định chỉ xem, không sửa được.' });
    expect(en.reviewer.moment).toBe('scoring');
    expect(vi.officerReview).toEqual({ moment: 'scoring', text: 'Đã hết thời hạn kiến nghị: không nhận thêm kiến nghị. (Hạn cuối: 00:00 10/01/2030.)' });

    // Published.
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);
    vi = await banners('vi');
    en = await banners('en');
    expect(vi.form).toBe('Phiếu không sửa được: kỳ đánh giá đã công bố – chỉ xem.');
    expect(en.form).toBe('The self-assessment cannot be edited: the cycle is published – read only.');
    expect(vi.reviewer).toEqual({ moment: 'published', text: 'Kết quả đã công bố – chỉ xem.' });
    expect(en.reviewer).toEqual({ moment: 'published', text: 'The results are published – read only.' });
    expect(vi.officerReview).toEqual({ moment: 'published', text: 'Kết quả đã công bố – chỉ xem; không nhận kiến nghị nữa.' });
    expect(en.officerReview).toEqual({ moment: 'published', text: 'The results are published – read only; objections are no longer taken.' });
    // The reviewer's workbook page too.
    const workbook = (await (await signIn(an.email)).get(`/app/review/cycles/${c.cycleId}/workbook`).expect(200)).text;
    expect(element(workbook, 'phase-note').text).toBe('Kết quả đã công bố – chỉ xem: bạn tải được phiếu để xem, nhưng quyết định trong tệp sẽ bị từ chối.');
    for (const banner of [vi.form, vi.reviewer.text, vi.officerReview.text, element(workbook, 'phase-note').text]) {
      expect(banner).not.toMatch(/chờ thẩm định|chưa ở giai đoạn thẩm định|chưa mở thời hạn kiến nghị/);
    }

    // Writes sent from pages read before publication: each refused as read only, not as "not in review".
    const reviewer = await signIn(an.email);
    const unitPage = await reviewer.get(reviewerPath()).expect(200);
    const decided = await reviewer
      .post(`${reviewerPath()}/decisions`)
      .set('Origin', origin)
      .type('form')
      .send({ _csrf: csrfOf(unitPage.text), indicatorCode: 'NT.02', decision: 'clarify', comment: 'Xin bổ sung', version: '1' });
    expect(decided.status).toBe(422);
    expect(text(decided.text)).toContain('Kỳ đánh giá đã công bố – chỉ xem: không thay đổi được nữa.');
    expect(text(decided.text)).not.toContain('chưa ở giai đoạn thẩm định');
    const officer = await signIn(c.officerA.email);
    const form = await officer.get(formPath()).expect(200);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    const saved = await officer.post(`${formPath()}/answers`).set('Origin', origin).type('form').send({ _csrf: csrfOf(form.text), version, 'value[NT.02]': '1' });
    expect(saved.status).toBe(409);
    expect(text(saved.text)).toContain('Kỳ đánh giá đã công bố – chỉ xem');
    const objected = await officer
      .post(`${formPath()}/review/objections`)
      .set('Origin', origin)
      .type('form')
      .send({ _csrf: csrfOf(form.text), indicatorCode: 'NT.02', reason: 'Muộn' });
    expect(objected.status).toBe(409);
    expect(text(objected.text)).toContain('Kết quả đã công bố – chỉ xem: không nhận kiến nghị nữa.');

    // The reviewer's page tells each final value's story: the lead's ruling with the disagreement, the median of the
    // three points, the value an objection changed.
    const vn = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 }).format(n);
    const page = unitPage.text;
    const ruling = element(page, 'final-NT.05');
    expect(attr(ruling, 'data-how')).toBe('settled');
    expect(ruling.text).toBe(
      'Giá trị cuối: 7 điểm Chốt bởi trưởng nhóm vì các chuyên gia chênh lệch (5, 9, 6). Lý do của trưởng nhóm: “Lấy mức có minh chứng đầy đủ” ' +
        'Chênh lệch 4 điểm, vượt ngưỡng 2 điểm (20% của 10 điểm). ' +
        'Bạn (trưởng nhóm): 5 điểm · điều chỉnh Chuyên gia 2: 9 điểm · điều chỉnh Chuyên gia 3: 6 điểm · điều chỉnh',
    );
    const median = element(page, 'final-TC.04');
    expect(attr(median, 'data-how')).toBe('median');
    expect(median.text).toBe(
      `Giá trị cuối: 7 điểm Trung vị điểm của 3 chuyên gia (6, 7, 7). Chênh lệch 1 điểm, trong ngưỡng ${vn(1.8)} điểm (20% của 9 điểm). ` +
        'Bạn (trưởng nhóm): 6 điểm · điều chỉnh Chuyên gia 2: 7 điểm · điều chỉnh Chuyên gia 3: 7 điểm · điều chỉnh',
    );
    const changed = element(page, 'final-TC.10');
    expect(attr(changed, 'data-how')).toBe('objection');
    expect(changed.text).toMatch(
      new RegExp(`^Giá trị cuối: ${newPoints} điểm Thay đổi theo kiến nghị của đơn vị: ${vn(before.points)} → ${newPoints} điểm\\. Trả lời kiến nghị: “Chấp nhận theo quy chế”`),
    );
    // Binh, not the lead, reads the same story with himself as "Bạn".
    const binhPage = (await (await signIn(binh.email)).get(reviewerPath()).expect(200)).text;
    expect(element(binhPage, 'final-NT.05').text).toContain('Chuyên gia 2 (trưởng nhóm): 5 điểm · điều chỉnh Bạn: 9 điểm · điều chỉnh Chuyên gia 3: 6 điểm');
    // In English.
    const enPage = (await (await signIn(an.email, 'en')).get(reviewerPath()).expect(200)).text;
    expect(element(enPage, 'final-NT.05').text).toMatch(/^Final value: 7 points Settled by the lead reviewer, as the reviewers disagreed \(5, 9, 6\)\./);
    expect(element(enPage, 'final-TC.04').text).toMatch(/^Final value: 7 points The median of 3 reviewers' points \(6, 7, 7\)\./);
  });

  it('refuses a filter or a section the page does not have with 400 naming the parameter', async () => {
    const reviewer = await signIn(an.email);
    const bad = await reviewer.get(`${reviewerPath()}?show=everything`).expect(400);
    expect(text(bad.text)).toContain('show');
    const section = await reviewer.get(`${reviewerPath()}?section=ZZ`).expect(400);
    expect(text(section.text)).toContain('section');
  });
});
