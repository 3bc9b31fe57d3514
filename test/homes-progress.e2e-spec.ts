import ExcelJS from 'exceljs';
import { Role } from '../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, reviewedCodes } from './utils/review-fixture';
import { auditCount, PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

/** A page fetched with a session cookie: the web app's own sign-in form. */
async function signIn(t: TestApp, email: string): Promise<{ cookie: string[]; csrf: () => Promise<string> }> {
  const agent = t.http;
  const login = await agent.get('/app/login');
  const cookies = (login.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const token = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
  const res = await agent.post('/app/login').set('Cookie', cookies).type('form').send({ email, password: PASSWORD, _csrf: token }).expect(303);
  // The cookies of sign-in, a later one of the same name (the session's new CSRF seed) replacing the earlier.
  const byName = new Map<string, string>();
  for (const c of [...cookies, ...((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])]) byName.set(c.split('=')[0], c.split(';')[0]);
  const cookie = [...byName.values()];
  return {
    cookie,
    csrf: async () => /name="_csrf" value="([^"]+)"/.exec((await agent.get('/app').set('Cookie', cookie)).text)?.[1] ?? '',
  };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The table row of a unit on the progress page, as text. */
const rowOf = (html: string, unitId: string) => text(new RegExp(`<tr data-unit="${unitId}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '');
const unitOrder = (html: string) => [...html.matchAll(/<tr data-unit="[^"]+" data-code="([^"]+)"/g)].map((m) => m[1]);

describe('homes that lead and the administrator’s progress page with reminders (#20)', () => {
  let t: TestApp;
  let c: OpenCycle;
  let progressPath: string;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('an open cycle', () => {
    let reviewer: SignedInUser;

    beforeAll(async () => {
      await resetState(t);
      c = await openProvinceCycle(t);
      reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
      progressPath = `/app/admin/cycles/${c.cycleId}/progress`;
      // 79 Hồ Chí Minh answers everything and has submitted; 48 Đà Nẵng has saved two answers; 01 Hà Nội nothing.
      await fillSubmissions(t, c.cycleId, { '79': c.units['79'] }, 2022);
      await t.db.query(`UPDATE submissions SET status = 'submitted', submitted_at = now(), version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.units['79']]);
      const state = await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200);
      await t.http
        .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/answers`)
        .set(c.officerA.auth)
        .send({ version: state.body.submission.version, answers: [{ indicatorCode: 'NT.08', value: 90 }, { indicatorCode: 'NT.06', value: true }] })
        .expect(200);
    }, 180_000);

    it("the officer's home names the open cycle, its deadline in the language's format and the unit's progress", async () => {
      const cycle = (await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200)).body as { closesAt: string };
      const officer = await signIn(t, 'officer@danang.test');
      const home = (await t.http.get('/app').set('Cookie', officer.cookie).expect(200)).text;
      const task = text(/<li class="card home-task"[\s\S]*?<\/li>/.exec(home)?.[0] ?? '');
      expect(task).toContain('Đánh giá DTI cấp tỉnh năm 2022');
      const deadline = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(cycle.closesAt));
      expect(deadline).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(task).toContain(`Hạn nộp ${deadline} `);
      expect(task).toMatch(/còn (29|30) ngày/);
      expect(task).toMatch(/đã trả lời 2\/\d+ chỉ tiêu/);
      expect(task).toContain('Đang làm');
      expect(task).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      // In English: the day as English writes it.
      const en = (await t.http.get('/app').set('Cookie', [...officer.cookie, 'dti_lang=en']).expect(200)).text;
      const enDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(cycle.closesAt));
      expect(text(en)).toContain(`Deadline ${enDay},`);
      expect(text(en)).toMatch(/2 of \d+ indicators answered/);
      // The officer's cycles list: the window in the language's format too, no ISO time, and the unit's progress.
      const list = (await t.http.get(`/app/units/${c.unitA}/cycles`).set('Cookie', officer.cookie).expect(200)).text;
      expect(text(list)).toContain(deadline);
      expect(text(list)).toMatch(/đã trả lời 2\/\d+ chỉ tiêu/);
      expect(list).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    });

    it('lists each unit’s status, answers and last save; sorts by a column either way; a bad sort is a 400 naming it', async () => {
      const admin = await signIn(t, 'admin@dti.test');
      const page = (await t.http.get(progressPath).set('Cookie', admin.cookie).expect(200)).text;
      expect(unitOrder(page)).toHaveLength(63);
      expect(rowOf(page, c.units['79'])).toContain('Đã nộp');
      expect(rowOf(page, c.unitA)).toMatch(/Đang làm 2 \d+ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(rowOf(page, c.unitB)).toMatch(/Chưa bắt đầu 0 \d+ — /);
      expect(text(page)).toContain('1/63 đơn vị (2%)');
      // By code by default; by status: submitted first, then in progress; descending turns it round.
      expect(unitOrder(page).slice(0, 2)).toEqual(['01', '02']);
      const byState = (await t.http.get(`${progressPath}?sort=state&dir=asc`).set('Cookie', admin.cookie).expect(200)).text;
      expect(unitOrder(byState).slice(0, 2)).toEqual(['79', '48']);
      expect(byState).toContain('aria-sort="ascending"');
      const byStateDesc = (await t.http.get(`${progressPath}?sort=state&dir=desc`).set('Cookie', admin.cookie).expect(200)).text;
      expect(unitOrder(byStateDesc).slice(-2)).toEqual(['48', '79']);
      const bySaved = (await t.http.get(`${progressPath}?sort=lastSaved&dir=desc`).set('Cookie', admin.cookie).expect(200)).text;
      expect(unitOrder(bySaved).slice(0, 2).sort()).toEqual(['48', '79']);
      const byName = (await t.http.get(`${progressPath}?sort=name`).set('Cookie', admin.cookie).expect(200)).text;
      expect(unitOrder(byName)[0]).toBe('89'); // An Giang first in Vietnamese order
      const bad = await t.http.get(`${progressPath}?sort=colour`).set('Cookie', admin.cookie);
      expect(bad.status).toBe(400);
      expect(text(bad.text)).toContain('sort');
    });

    it('exports the rows as CSV and XLSX in the page’s order', async () => {
      const admin = await signIn(t, 'admin@dti.test');
      const csv = await t.http.get(`${progressPath}/export?format=csv&sort=state`).set('Cookie', admin.cookie).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('Mã,Đơn vị,Trạng thái,Đã trả lời,Số chỉ tiêu,Lưu lần cuối,Hạn nộp,Nhắc lần cuối');
      expect(lines).toHaveLength(64);
      expect(lines[1]).toMatch(/^79,Hồ Chí Minh,Đã nộp,\d+,\d+,/);
      expect(lines[2]).toMatch(/^48,Đà Nẵng,Đang làm,2,\d+,\d{2}\/\d{2}\/\d{4} \d{2}:\d{2},/);

      const xlsx = await t.http
        .get(`${progressPath}/export?format=xlsx&sort=code`)
        .set('Cookie', admin.cookie)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body as ExcelJS.Buffer);
      const sheet = book.worksheets[0];
      expect(sheet.name).toBe('Tiến độ');
      expect(String(sheet.getCell('A1').value)).toContain('Tiến độ nộp phiếu · Đánh giá DTI cấp tỉnh năm 2022');
      expect(String(sheet.getCell('A2').value)).toContain('đã nộp 1/63 đơn vị');
      const header = (sheet.getRow(3).values as unknown[]).slice(1);
      expect(header[0]).toBe('Mã');
      const rows = [];
      for (let r = 4; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
      expect(rows).toHaveLength(63);
      const danang = rows.find((r) => r[0] === '48')!;
      expect(danang.slice(0, 4)).toEqual(['48', 'Đà Nẵng', 'Đang làm', 2]);
      expect(rows.find((r) => r[0] === '01')!.slice(0, 4)).toEqual(['01', 'Hà Nội', 'Chưa bắt đầu', 0]);
    });

    it('is refused to an officer and a reviewer (403), the reminder API too', async () => {
      const officer = await signIn(t, 'officer@danang.test');
      expect((await t.http.get(progressPath).set('Cookie', officer.cookie)).status).toBe(403);
      expect((await t.http.get(`${progressPath}/export?format=csv`).set('Cookie', officer.cookie)).status).toBe(403);
      const asReviewer = await signIn(t, 'reviewer@dti.test');
      expect((await t.http.get(progressPath).set('Cookie', asReviewer.cookie)).status).toBe(403);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(reviewer.auth).send({}).expect(403);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(c.officerA.auth).send({}).expect(403);
      // Bad input: named field and rule, never a 500.
      const bad = await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(c.admin.auth).send({ unitIds: ['nope'] }).expect(400);
      expect(JSON.stringify(bad.body)).toContain('unitIds');
      const stranger = await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(c.admin.auth).send({ unitIds: ['00000000-0000-4000-8000-000000000000'] }).expect(422);
      expect(JSON.stringify(stranger.body)).toContain('participant');
    });

    it('reminds the units chosen that have not submitted: a notice on the officer’s home, an outbox mail, audited; a submitted unit is skipped', async () => {
      const admin = await signIn(t, 'admin@dti.test');
      const before = await auditCount(t);
      const csrf = await admin.csrf();
      const none = await t.http.post(`${progressPath}/reminders`).set('Cookie', admin.cookie).type('form').send({ _csrf: csrf, scope: 'selected' });
      expect(none.status).toBe(422);
      expect(text(none.text)).toContain('Hãy chọn ít nhất một đơn vị');

      const res = await t.http
        .post(`${progressPath}/reminders`)
        .set('Cookie', admin.cookie)
        .type('form')
        .send(`_csrf=${encodeURIComponent(csrf)}&scope=selected&unitId=${c.unitA}&unitId=${c.units['79']}&message=${encodeURIComponent('Hạn chót, đề nghị hoàn thành sớm.')}`)
        .expect(303);
      expect(res.headers.location).toContain('done=reminded&reminded=1&skipped=1');
      const after = (await t.http.get(res.headers.location as string).set('Cookie', admin.cookie).expect(200)).text;
      expect(text(after)).toContain('Đã nhắc 1 đơn vị; bỏ qua 1 đơn vị đã nộp.');
      expect(rowOf(after, c.unitA)).toMatch(/\d{2}:\d{2} *$/);

      const mails: { to_address: string; subject: string; body: string; sent_at: Date | null }[] = await t.db.query('SELECT to_address, subject, body, sent_at FROM mail_outbox');
      expect(mails.map((m) => m.to_address)).toEqual(['officer@danang.test']);
      expect(mails[0].sent_at).toBeNull();
      expect(mails[0].subject).toContain('Nhắc nộp phiếu tự đánh giá: Đánh giá DTI cấp tỉnh năm 2022');
      expect(mails[0].body).toContain('Hạn chót, đề nghị hoàn thành sớm.');
      expect(mails[0].body).toMatch(/Đã trả lời 2\/\d+ chỉ tiêu/);
      const notices: { unit_id: string }[] = await t.db.query('SELECT unit_id FROM notices');
      expect(notices.map((n) => n.unit_id)).toEqual([c.unitA]);
      const audit: { action: string; unit_id: string; after: { recipients: number } }[] = await t.db.query(`SELECT action, unit_id, after FROM audit_log WHERE action = 'cycle.remind'`);
      expect(audit).toEqual([expect.objectContaining({ action: 'cycle.remind', unit_id: c.unitA, after: expect.objectContaining({ recipients: 1 }) })]);
      expect(await auditCount(t)).toBe(before + 1);

      // The officer of Đà Nẵng sees it on the home page; Hà Nội's officer does not.
      const officer = await signIn(t, 'officer@danang.test');
      const home = text((await t.http.get('/app').set('Cookie', officer.cookie).expect(200)).text);
      expect(home).toContain('Nhắc nộp phiếu tự đánh giá kỳ “Đánh giá DTI cấp tỉnh năm 2022”: hạn nộp');
      expect(home).toContain('Hạn chót, đề nghị hoàn thành sớm.');
      const other = text((await t.http.get('/app').set('Cookie', (await signIn(t, 'officer@hanoi.test')).cookie).expect(200)).text);
      expect(other).not.toContain('Nhắc nộp phiếu');

      // Everyone not submitted, through the API: 62 units, one mail (only Hà Nội and Đà Nẵng have officers).
      const all = await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(c.admin.auth).send({}).expect(200);
      expect(all.body.reminded).toHaveLength(62);
      expect(all.body.skipped.map((s: { code: string }) => s.code)).toEqual(['79']);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM mail_outbox`))[0].n).toBe(3);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cycle.remind'`))[0].n).toBe(63);
    });

    it("the administrator's home names the open cycle with its count of submissions and links the progress page", async () => {
      const admin = await signIn(t, 'admin@dti.test');
      const home = (await t.http.get('/app').set('Cookie', admin.cookie).expect(200)).text;
      expect(home).toContain(`href="${progressPath}"`);
      expect(text(home)).toContain('Đã nộp 1/63 đơn vị · đang làm 1 · chưa bắt đầu 61');
      const cyclePage = (await t.http.get(`/app/admin/cycles/${c.cycleId}`).set('Cookie', admin.cookie).expect(200)).text;
      expect(cyclePage).toContain(`href="${progressPath}" id="link-progress"`);
    });

    it('refuses reminders once the cycle has left the open phase (409), and the page offers none', async () => {
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      const refused = await t.http.post(`/api/v1/cycles/${c.cycleId}/reminders`).set(c.admin.auth).send({}).expect(409);
      expect(refused.body.details).toEqual(expect.objectContaining({ reason: 'cyclePhase', phase: 'review' }));
      const admin = await signIn(t, 'admin@dti.test');
      const page = (await t.http.get(progressPath).set('Cookie', admin.cookie).expect(200)).text;
      expect(page).not.toContain('id="remind-form"');
      expect(page).toContain('id="not-open"');
    });
  });

  describe('a cycle in review', () => {
    it("the reviewer's home names the units to review and the count pending for each", async () => {
      await resetState(t);
      const r = await reviewCycle(t);
      const [an] = r.reviewers;
      for (const unitId of [r.unitA, r.unitB]) {
        await t.http.post(`/api/v1/cycles/${r.cycleId}/review/assignments`).set(r.admin.auth).send({ unitId, reviewerId: an.id }).expect(201);
      }
      await moveCycle(t, r.admin.auth, r.cycleId, 'review');
      const codes = await reviewedCodes(t, an, r.cycleId, r.unitA);
      await acceptAll(t, an, r.cycleId, r.unitA, codes.slice(0, 3));
      const reviewer = await signIn(t, 'reviewer.an@dti.test');
      const home = (await t.http.get('/app').set('Cookie', reviewer.cookie).expect(200)).text;
      const line = (unitId: string) => text(new RegExp(`<li data-unit="${unitId}"[^>]*>([\\s\\S]*?)</li>`).exec(home)?.[1] ?? '');
      expect(line(r.unitA)).toContain(`48 · Đà Nẵng : còn 3/${codes.length} chỉ tiêu chờ quyết định`);
      expect(line(r.unitB)).toContain(`01 · Hà Nội : còn ${codes.length}/${codes.length} chỉ tiêu chờ quyết định`);
      expect(home).not.toContain(`data-unit="${r.unitC}"`);
      expect(text(home)).toContain(`Còn ${3 + codes.length} chỉ tiêu chờ bạn quyết định ở 2 đơn vị.`);
      // The reviewer's list of cycles names them too.
      const list = text((await t.http.get('/app/review').set('Cookie', reviewer.cookie).expect(200)).text);
      expect(list).toContain(`48 · Đà Nẵng : còn 3/${codes.length} chỉ tiêu chờ quyết định`);
    });
  });
});
