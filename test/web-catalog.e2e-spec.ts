import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { systemActor } from '../src/auth/actor';
import type { Framework } from '../src/engine/framework.model';
import { FRAMEWORK_LIMITS } from '../src/frameworks/framework-limits';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { compareVietnamese } from '../src/units/vietnamese-collation';
import { Role } from '../src/auth/role';
import { countNodes } from '../src/web/framework-tree.model';
import { brokenFrameworkCases, BROKEN_DIR } from './utils/broken-frameworks';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

jest.setTimeout(120_000);

interface UnitBody {
  id: string;
  code: string;
  nameVi: string;
  validFrom: string;
  predecessors: { id: string; code: string }[];
}

const shippedText = (name: string) => readFileSync(join(process.cwd(), 'config', 'frameworks', name), 'utf8');

describe('web app: the administrator\'s units, users and frameworks (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let admin: SignedInUser;
  let officer: SignedInUser;
  let reviewer: SignedInUser;
  let danang: UnitBody;

  const units = async (query: string): Promise<{ items: UnitBody[]; total: number }> =>
    (await t.http.get(`/api/v1/units?${query}`).set(admin.auth).expect(200)).body;
  const frameworkCount = async (): Promise<number> => (await t.http.get('/api/v1/frameworks').set(admin.auth).expect(200)).body.total as number;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
    reviewer = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local');
    [danang] = (await units('level=province&code=48&validOn=2025-07-01')).items;
    officer = await signedInUser(t, Role.Officer, 'can.bo@danang.gov.vn', danang.id);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('filters the registry by level and date (the same rows as the API, in Vietnamese order), a bad date refused with what was typed kept', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/admin/units`), page.click('nav.app-nav a[href="/app/admin/units"]')]);
    for (const [day, total] of [['2024-12-31', 63], ['2025-07-01', 34]] as const) {
      await page.selectOption('#f-level', 'province');
      await page.fill('#f-validOn', day);
      await Promise.all([page.waitForURL(new RegExp(`validOn=${day}`)), page.click('#unit-filter')]);
      const api = await units(`level=province&validOn=${day}&pageSize=100`);
      expect(api.total).toBe(total);
      const rows = await page.$$eval('#units-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-unit')));
      expect(rows).toEqual(api.items.map((u) => u.id));
      expect(await page.textContent('#units-caption')).toContain(`${total} đơn vị`);
    }
    // Vietnamese order: Đ after C, and Đà Nẵng before Điện Biên (by code points "Đi" would come before "Đà").
    const names = (await page.$$eval('#units-table tbody th a', (as) => as.map((a) => a.textContent))) as string[];
    expect(names).toEqual([...names].sort(compareVietnamese));
    expect(names.indexOf('Đà Nẵng')).toBeGreaterThan(names.indexOf('Cần Thơ'));
    expect(names.indexOf('Điện Biên')).toBeGreaterThan(names.indexOf('Đà Nẵng'));
    let s = await step(page, 'web-catalog-01-units-filtered');
    expect(s.violations).toEqual([]);
    // The name filter ignores marks and case: "thanh hoá" finds Thanh Hóa (and not by its English name, Thanh Hoa).
    await page.fill('#f-q', 'thanh hoá');
    await Promise.all([page.waitForURL(/q=thanh/), page.click('#unit-filter')]);
    const [thanhHoa] = (await units('level=province&code=38&validOn=2025-07-01')).items;
    expect(await page.$$eval('#units-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual([thanhHoa.id]);
    await page.fill('#f-q', '');

    await page.fill('#f-validOn', '2025-13-45');
    await page.fill('#f-q', 'Hồ');
    const [bad] = await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/units?')), page.click('#unit-filter')]);
    expect(bad.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Còn hiệu lực vào ngày');
    expect(await page.inputValue('#f-validOn')).toBe('2025-13-45');
    expect(await page.inputValue('#f-q')).toBe('Hồ');
    s = await step(page, 'web-catalog-02-units-bad-date');
    expect(s.violations).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}/app/admin/units?level=province&validOn=2025-07-01`);
    s = await step(page, 'web-catalog-02b-units-phone');
    expect(s.violations).toEqual([]);
    expect(await page.$eval('html', (html) => (html as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems.filter((p) => !/^HTTP 400 /.test(p))).toEqual([]);
    await page.close();
  });

  it('opens a merged province and sees its lineage (79 = 79, 74, 77) and parent', async () => {
    const [hcm] = (await units('level=province&code=79&validOn=2025-07-01')).items;
    expect(hcm.predecessors.map((p) => p.code)).toEqual(['79', '74', '77']);
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD, '/app/admin/units?level=province&validOn=2025-07-01&q=H%E1%BB%93%20Ch%C3%AD');
    await Promise.all([page.waitForURL(`${base}/app/admin/units/${hcm.id}`), page.click(`tr[data-unit="${hcm.id}"] a`)]);
    expect(await page.textContent('h1')).toBe('79 · Hồ Chí Minh');
    expect(await page.textContent('#unit-validity')).toContain('01/07/2025');
    expect(await page.$$eval('#lineage li', (lis) => lis.map((li) => li.getAttribute('data-code')))).toEqual(['79', '74', '77']);
    expect(await page.textContent('#lineage-summary')).toBe('Đơn vị 79 được hình thành từ: 79, 74, 77.');
    expect(await page.textContent('#unit-parent')).toContain('Việt Nam');
    let s = await step(page, 'web-catalog-03-merged-province');
    expect(s.violations).toEqual([]);
    // In English through the language switch.
    await Promise.all([page.waitForURL(`${base}/app/admin/units/${hcm.id}`), page.click('#lang-switch')]);
    expect(await page.textContent('#lineage-title')).toBe('Lineage');
    expect(await page.textContent('#lineage-summary')).toBe('Unit 79 was formed from: 79, 74, 77.');
    expect(await page.textContent('h1')).toBe('79 · Ho Chi Minh City');
    s = await step(page, 'web-catalog-03b-merged-province-en');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(`${base}/app/admin/units/${hcm.id}`), page.click('#lang-switch')]);
    // The old Bình Dương (74) the lineage links to: valid until the merger.
    await Promise.all([page.waitForURL(/\/app\/admin\/units\/[0-9a-f-]{36}$/), page.click('#lineage li[data-code="74"] a')]);
    expect(await page.textContent('#unit-validity')).toContain('30/06/2025');
    expect(await page.textContent('h1')).toBe('74 · Bình Dương');
    expect(await page.$$eval('#successors li', (lis) => lis.map((li) => li.getAttribute('data-code')))).toEqual(['79']);
    expect(await page.getAttribute('#successors li a', 'href')).toBe(`/app/admin/units/${hcm.id}`);
    s = await step(page, 'web-catalog-03c-merged-away');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('creates a unit: a bad code refused naming the field with what was typed kept, then fixed', async () => {
    const [vn] = (await units('level=national')).items;
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD, '/app/admin/units');
    await Promise.all([page.waitForURL(`${base}/app/admin/units/new`), page.click('#new-unit')]);
    await page.selectOption('#u-level', 'province');
    await page.fill('#u-code', '99 mới');
    await page.fill('#u-nameVi', 'Tỉnh Thử Nghiệm');
    await page.fill('#u-validFrom', '2026-01-01');
    await page.selectOption('#u-parentId', vn.id);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/units') && r.request().method() === 'POST'), page.click('#create-unit')]);
    expect(refused.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Mã đơn vị: Chỉ gồm chữ cái không dấu, chữ số và các dấu “.”, “_”, “-” (từ 1 đến 32 ký tự).');
    // The rule in Vietnamese only: not the API's English message in brackets after it.
    expect(await page.textContent('#error-summary')).not.toMatch(/must|letters/);
    expect(await page.getAttribute('#u-code', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#u-code-error')).toContain('Chỉ gồm chữ cái không dấu');
    expect(await page.inputValue('#u-code')).toBe('99 mới');
    expect(await page.inputValue('#u-nameVi')).toBe('Tỉnh Thử Nghiệm');
    expect(await page.inputValue('#u-validFrom')).toBe('2026-01-01');
    expect(await page.inputValue('#u-parentId')).toBe(vn.id);
    expect((await units('code=99')).total).toBe(0);
    let s = await step(page, 'web-catalog-04-unit-bad-code');
    expect(s.violations).toEqual([]);

    await page.fill('#u-code', '99');
    await Promise.all([page.waitForURL(/done=created/), page.click('#create-unit')]);
    expect(await page.textContent('#flash')).toBe('Đã thêm đơn vị.');
    expect(await page.textContent('#unit-code')).toBe('99');
    const created = (await units('code=99')).items;
    expect(created).toEqual([expect.objectContaining({ nameVi: 'Tỉnh Thử Nghiệm', validFrom: '2026-01-01' })]);
    expect(page.url()).toContain(created[0].id);
    s = await step(page, 'web-catalog-05-unit-created');
    expect(s.violations).toEqual([]);

    // Edited: a bad ranking group refused naming the field (typed input kept), then saved; then its validity ended.
    await page.fill('#e-nameEn', 'Test Province');
    await page.fill('#e-unitGroup', 'Nhóm A');
    const [badEdit] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/app/admin/units/${created[0].id}`) && r.request().method() === 'POST'), page.click('#save-unit')]);
    expect(badEdit.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Nhóm xếp hạng: Chỉ gồm chữ thường không dấu, chữ số và dấu “_” (từ 1 đến 64 ký tự).');
    expect(await page.inputValue('#e-nameEn')).toBe('Test Province');
    expect(await page.inputValue('#e-unitGroup')).toBe('Nhóm A');
    await page.fill('#e-unitGroup', 'nhom_a');
    await Promise.all([page.waitForURL(/done=updated/), page.click('#save-unit')]);
    expect((await t.http.get(`/api/v1/units/${created[0].id}`).set(admin.auth).expect(200)).body).toMatchObject({ nameEn: 'Test Province', unitGroup: 'nhom_a', version: 2 });
    await page.fill('#r-validTo', '2025-12-31');
    await page.fill('#r-reason', 'Thử chấm dứt');
    const [badRetire] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/retire')), page.click('#retire-unit')]);
    expect(badRetire.status()).toBe(422);
    expect(await page.textContent('#retire-errors')).toContain('Hiệu lực đến hết ngày: Không được trước ngày bắt đầu hiệu lực.');
    expect(await page.inputValue('#r-reason')).toBe('Thử chấm dứt');
    await page.fill('#r-validTo', '2026-12-31');
    await Promise.all([page.waitForURL(/done=retired/), page.click('#retire-unit')]);
    expect(await page.textContent('#unit-validity')).toContain('31/12/2026');
    expect(await page.textContent('#unit-retired')).toBe('Thử chấm dứt');

    // The same code again over the same time: the service's conflict, naming the code.
    await page.goto(`${base}/app/admin/units/new`);
    await page.fill('#u-code', '99');
    await page.fill('#u-nameVi', 'Tỉnh Trùng Mã');
    await page.fill('#u-validFrom', '2026-06-01');
    const [conflict] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/units') && r.request().method() === 'POST'), page.click('#create-unit')]);
    expect(conflict.status()).toBe(409);
    // The service's conflict names the field and the unit that has the code; the page says which, in Vietnamese (not
    // the API's English message).
    expect(await page.textContent('#error-summary')).toContain('Mã đơn vị: Mã 99 đã được dùng cho đơn vị “Tỉnh Thử Nghiệm”, hiệu lực từ 2026-01-01 đến 2026-12-31.');
    expect(await page.textContent('#error-summary')).not.toContain('already valid');
    expect(await page.inputValue('#u-nameVi')).toBe('Tỉnh Trùng Mã');
    // On the English page the same refusal names the unit by its English name, wholly in English.
    await browser.context.addCookies([{ name: 'dti_lang', value: 'en', url: base }]);
    await page.goto(`${base}/app/admin/units/new`);
    await page.fill('#u-code', '99');
    await page.fill('#u-nameVi', 'Tỉnh Trùng Mã');
    await page.fill('#u-validFrom', '2026-06-01');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/units') && r.request().method() === 'POST'), page.click('#create-unit')]);
    expect(await page.textContent('#error-summary')).toContain('The code 99 is already used by “Test Province”, valid from 2026-01-01 to 2026-12-31.');
    await browser.context.addCookies([{ name: 'dti_lang', value: 'vi', url: base }]);
    expect(problems.filter((p) => !/^HTTP (400|409|422) /.test(p))).toEqual([]);
    await page.close();
  });

  it('creates an officer (a short password refused, never shown back), disables it and that user can no longer sign in; a reset password signs in', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/admin/users`), page.click('nav.app-nav a[href="/app/admin/users"]')]);
    const api = (await t.http.get('/api/v1/users?pageSize=100').set(admin.auth).expect(200)).body as { items: { email: string }[] };
    expect(await page.$$eval('#users-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-email')))).toEqual(api.items.map((u) => u.email));
    expect(await page.textContent(`tr[data-email="${officer.email}"]`)).toContain('48 · Đà Nẵng');
    await page.selectOption('#f-role', 'reviewer');
    await Promise.all([page.waitForURL(/role=reviewer/), page.click('#user-filter')]);
    expect(await page.$$eval('#users-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-email')))).toEqual([reviewer.email]);

    await page.fill('#n-email', 'Can.Bo.Moi@DaNang.gov.vn');
    await page.fill('#n-fullName', 'Nguyễn Thị Mới');
    await page.selectOption('#n-role', 'officer');
    await page.selectOption('#n-unitId', danang.id);
    await page.fill('#n-password', 'ngắn');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/users') && r.request().method() === 'POST'), page.click('#create-user')]);
    expect(refused.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Mật khẩu ban đầu: Chưa đủ độ dài: cần tối thiểu 12 ký tự.');
    expect(await page.textContent('#error-summary')).not.toContain('password must');
    expect(await page.inputValue('#n-email')).toBe('Can.Bo.Moi@DaNang.gov.vn');
    expect(await page.inputValue('#n-fullName')).toBe('Nguyễn Thị Mới');
    expect(await page.inputValue('#n-unitId')).toBe(danang.id);
    expect(await page.inputValue('#n-password')).toBe('');
    expect(await refused.text()).not.toContain('ngắn');
    let s = await step(page, 'web-catalog-06-user-refused');
    expect(s.violations).toEqual([]);

    // An officer without a unit: the service's own rule, naming the unit.
    await page.selectOption('#n-unitId', '');
    await page.fill('#n-password', PASSWORD);
    const [noUnit] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/users') && r.request().method() === 'POST'), page.click('#create-user')]);
    expect(noUnit.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Đơn vị:');
    expect(await page.textContent('#n-unitId-error')).toBe('Bắt buộc với cán bộ đầu mối.');

    await page.selectOption('#n-unitId', danang.id);
    await page.fill('#n-password', PASSWORD);
    await Promise.all([page.waitForURL(/done=created/), page.click('#create-user')]);
    expect(await page.textContent('#flash')).toBe('Đã tạo tài khoản.');
    expect(await page.textContent('#user-email')).toBe('can.bo.moi@danang.gov.vn');
    expect(await page.textContent('#user-role')).toBe('Cán bộ đầu mối');
    expect(await page.textContent('#user-unit')).toContain('Đà Nẵng');
    const userPath = new URL(page.url()).pathname;

    // Edited: a reviewer bound to a unit is refused by the service's rule (naming the unit), typed input kept; then moved to Hà Nội.
    const [hanoi] = (await units('level=province&code=01&validOn=2025-07-01')).items;
    await page.fill('#e-fullName', 'Nguyễn Thị Mới Sửa');
    await page.selectOption('#e-role', 'reviewer');
    const [badEdit] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(userPath) && r.request().method() === 'POST'), page.click('#save-user')]);
    expect(badEdit.status()).toBe(400);
    expect(await page.textContent('#edit-errors')).toContain('Đơn vị: Chỉ cán bộ đầu mối mới gắn với một đơn vị.');
    expect(await page.inputValue('#e-fullName')).toBe('Nguyễn Thị Mới Sửa');
    expect(await page.inputValue('#e-role')).toBe('reviewer');
    s = await step(page, 'web-catalog-06b-user-edit-refused');
    expect(s.violations).toEqual([]);
    await page.selectOption('#e-role', 'officer');
    await page.selectOption('#e-unitId', hanoi.id);
    await Promise.all([page.waitForURL(/done=updated/), page.click('#save-user')]);
    expect(await page.textContent('h1')).toBe('Nguyễn Thị Mới Sửa');
    expect(await page.textContent('#user-unit')).toContain('01 · Hà Nội');
    await t.http.post('/api/v1/auth/login').send({ email: 'can.bo.moi@danang.gov.vn', password: PASSWORD }).expect(200);

    await Promise.all([page.waitForURL(/done=disabled/), page.click('#disable-user')]);
    expect(await page.textContent('#user-status')).toBe('Đã khóa');
    s = await step(page, 'web-catalog-07-user-disabled');
    expect(s.violations).toEqual([]);

    // An administrator may not demote itself: the service's refusal, on its own page, in Vietnamese.
    await page.goto(`${base}/app/admin/users/${admin.id}`);
    await page.selectOption('#e-role', 'reviewer');
    const [demote] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/app/admin/users/${admin.id}`) && r.request().method() === 'POST'), page.click('#save-user')]);
    expect(demote.status()).toBe(409);
    expect(await page.textContent('#edit-errors')).toContain('Không thực hiện được vì mâu thuẫn với dữ liệu hoặc trạng thái hiện có.');
    expect(await page.textContent('#edit-errors')).not.toContain('administrator');

    // The disabled user, in the browser: the sign-in form refuses it like a wrong password.
    await browser.context.clearCookies();
    await page.goto(`${base}/app/login`);
    await page.fill('#email', 'can.bo.moi@danang.gov.vn');
    await page.fill('#password', PASSWORD);
    const [login] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/login') && r.request().method() === 'POST'), page.click('form[action="/app/login"] button[type="submit"]')]);
    expect(login.status()).toBe(401);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    expect((await page.goto(`${base}/app/units/${danang.id}/cycles`))?.url()).toContain('/app/login');

    // Enabled again with a new password (a short one refused first): the old password fails, the new one signs in.
    await signInThroughForm(page, base, admin.email, PASSWORD, userPath);
    await Promise.all([page.waitForURL(/done=enabled/), page.click('#enable-user')]);
    await page.fill('#p-newPassword', 'ngắn quá');
    const [short] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/password')), page.click('#reset-password')]);
    expect(short.status()).toBe(400);
    expect(await page.textContent('#password-errors')).toContain('Mật khẩu mới:');
    expect(await page.inputValue('#p-newPassword')).toBe('');
    await page.fill('#p-newPassword', 'một mật khẩu mới đủ dài');
    await Promise.all([page.waitForURL(/done=password/), page.click('#reset-password')]);
    expect(await page.textContent('#flash')).toContain('Đã đặt mật khẩu mới');
    s = await step(page, 'web-catalog-08-password-reset');
    expect(s.violations).toEqual([]);
    // The officer signs in through the form with the new password (the old one is refused by the users e2e).
    await browser.context.clearCookies();
    await signInThroughForm(page, base, 'can.bo.moi@danang.gov.vn', 'một mật khẩu mới đủ dài');
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(problems.filter((p) => !/^HTTP (400|401|409) /.test(p))).toEqual([]);
    await page.close();
  });

  it('imports a broken framework file and sees each mistake with its path and rule (nothing stored), a good one and its tree, and diffs two versions', async () => {
    const broken = brokenFrameworkCases().find((c) => c.file === 'several-mistakes.yaml');
    if (!broken) throw new Error('several-mistakes.yaml is missing from the corpus');
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/admin/frameworks`), page.click('nav.app-nav a[href="/app/admin/frameworks"]')]);
    await page.setInputFiles('#fw-file', join(BROKEN_DIR, broken.file));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/frameworks?_csrf=')), page.click('#import-framework')]);
    expect(refused.status()).toBe(422);
    const rows = await page.$$eval('#file-problems-table tbody tr', (trs) => trs.map((tr) => ({ path: tr.getAttribute('data-path'), rule: tr.getAttribute('data-rule') })));
    expect(rows).toEqual(broken.errors.map((e) => ({ path: e.path, rule: e.rule })));
    expect(await page.textContent('#error-summary')).toContain(`Tệp several-mistakes.yaml có ${broken.errors.length} lỗi`);
    expect(await frameworkCount()).toBe(0);
    let s = await step(page, 'web-catalog-09-framework-refused');
    expect(s.violations).toEqual([]);

    // A syntax error in a JSON file: the whole file, with its line.
    await page.setInputFiles('#fw-file', join(BROKEN_DIR, 'json-syntax.json'));
    await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/frameworks?_csrf=')), page.click('#import-framework')]);
    expect(await page.$$eval('#file-problems-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-path'), tr.getAttribute('data-rule'), tr.querySelector('td.num')?.textContent]))).toEqual([['', 'syntax', '4']]);
    expect(await frameworkCount()).toBe(0);

    const text = shippedText('pdti-2022.yaml');
    const file = parse(text) as Framework;
    await page.setInputFiles('#fw-file', join(process.cwd(), 'config', 'frameworks', 'pdti-2022.yaml'));
    await Promise.all([page.waitForURL(/\/app\/admin\/frameworks\/[0-9a-f-]{36}\?done=imported$/), page.click('#import-framework')]);
    expect(await page.textContent('#flash')).toBe('Đã nhập bộ chỉ số.');
    const nodeCodes = await page.$$eval('#framework-tree li[data-code]', (lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(nodeCodes.length).toBe(countNodes(file.nodes));
    expect(await page.textContent('#node-count')).toBe(String(countNodes(file.nodes)));
    expect(await page.textContent('#framework-tree li[data-code="NT"] > .fw-facts .fw-points')).toBe('100');
    expect(await page.textContent('[data-code="NT.01"] .fw-input')).toBe('Tỷ lệ phần trăm %');
    // The source note in Vietnamese (the file's `source`), its English one (`sourceEn`) on the English page.
    expect(await page.textContent('#framework-source')).toContain('CHÍNH THỨC, theo quyết định');
    expect(await page.textContent('#framework-source')).not.toContain('OFFICIAL');
    expect(await page.$$eval('#pillars-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-code')))).toEqual((file.pillars ?? []).map((p) => p.code));
    expect(await frameworkCount()).toBe(1);
    s = await step(page, 'web-catalog-10-framework-tree');
    expect(s.violations).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    s = await step(page, 'web-catalog-11-framework-tree-phone');
    expect(s.violations).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    // A second version with one indicator renamed, checked first (nothing stored), then imported, then compared.
    const changed = text.replace('version: "2022.1"', 'version: "2022.2"').replace('name: { vi: "Nhận thức số", en: "Digital awareness" }', 'name: { vi: "Nhận thức số và kỹ năng số", en: "Digital awareness and skills" }');
    await page.goto(`${base}/app/admin/frameworks`);
    await page.setInputFiles('#fw-file', { name: 'pdti-2022.2.yaml', mimeType: 'application/yaml', buffer: Buffer.from(changed, 'utf8') });
    await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/frameworks?_csrf=')), page.click('#validate-framework')]);
    expect(await page.textContent('#flash')).toBe(`Tệp pdti-2022.2.yaml hợp lệ: PDTI phiên bản 2022.2, ${countNodes(file.nodes)} nút. Chưa lưu gì.`);
    expect(await frameworkCount()).toBe(1);
    await page.setInputFiles('#fw-file', { name: 'pdti-2022.2.yaml', mimeType: 'application/yaml', buffer: Buffer.from(changed, 'utf8') });
    await Promise.all([page.waitForURL(/done=imported/), page.click('#import-framework')]);
    // The same version once more: refused with its reason in the page's language, not the code's general sentence.
    await page.goto(`${base}/app/admin/frameworks`);
    await page.setInputFiles('#fw-file', { name: 'pdti-2022.2.yaml', mimeType: 'application/yaml', buffer: Buffer.from(changed, 'utf8') });
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/frameworks?_csrf=')), page.click('#import-framework')]);
    expect(again.status()).toBe(409);
    expect(await page.textContent('#error-summary')).toContain('Bộ chỉ số PDTI phiên bản 2022.2 đã có; hãy đặt số phiên bản mới trong tệp.');
    const list = (await t.http.get('/api/v1/frameworks').set(admin.auth).expect(200)).body.items as { id: string; version: string }[];
    const [v1, v2] = ['2022.1', '2022.2'].map((v) => list.find((f) => f.version === v)?.id as string);
    await page.goto(`${base}/app/admin/frameworks`);
    await page.selectOption('#d-from', v1);
    await page.selectOption('#d-to', v2);
    await Promise.all([page.waitForURL(/\/app\/admin\/frameworks\/diff\?/), page.click('#diff-button')]);
    const api = (await t.http.get(`/api/v1/frameworks/${v1}/diff/${v2}`).set(admin.auth).expect(200)).body;
    expect(api.changed).toEqual([{ code: 'NT', fields: [expect.objectContaining({ field: 'name' })] }]);
    expect(await page.$$eval('#diff-changed tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-code'), tr.getAttribute('data-field')]))).toEqual([['NT', 'name']]);
    expect(await page.textContent('#diff-changed tbody tr ins')).toContain('Nhận thức số và kỹ năng số');
    expect(await page.$$eval('#diff-framework tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-field')))).toEqual(api.framework.map((f: { field: string }) => f.field));
    s = await step(page, 'web-catalog-12-framework-diff');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP (409|422) /.test(p))).toEqual([]);
    await page.close();
  });

  it('refuses every one of these pages to an officer and a reviewer', async () => {
    const [fw] = (await t.http.get('/api/v1/frameworks').set(admin.auth).expect(200)).body.items as { id: string }[];
    const paths = [
      '/app/admin/units',
      '/app/admin/units/new',
      `/app/admin/units/${danang.id}`,
      '/app/admin/users',
      `/app/admin/users/${officer.id}`,
      '/app/admin/frameworks',
      `/app/admin/frameworks/${fw.id}`,
      `/app/admin/frameworks/diff?from=${fw.id}&to=${fw.id}`,
    ];
    const { page } = await openPage(browser);
    for (const [who, n] of [[officer, 13], [reviewer, 14]] as const) {
      await browser.context.clearCookies();
      await signInThroughForm(page, base, who.email, PASSWORD);
      for (const path of paths) expect([path, (await page.goto(`${base}${path}`))?.status()]).toEqual([path, 403]);
      expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
      const s = await step(page, `web-catalog-${n}-refused-${who === officer ? 'officer' : 'reviewer'}`);
      expect(s.violations).toEqual([]);
      // A POST with a valid token of its own session: refused by role, nothing created.
      await page.goto(`${base}/app`);
      const token = await page.getAttribute('form[action="/app/lang"] input[name="_csrf"]', 'value');
      const post = await page.request.post(`${base}/app/admin/units`, { form: { _csrf: token ?? '', level: 'province', code: 'X1', nameVi: 'X', validFrom: '2026-01-01' } });
      expect(post.status()).toBe(403);
    }
    expect((await units('code=X1')).total).toBe(0);
    await page.close();
  });

  it('refuses a POST without the CSRF token (a form and a file upload), nothing stored', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD, '/app/admin/units/new');
    const before = await frameworkCount();
    const form = await page.request.post(`${base}/app/admin/units`, { form: { level: 'province', code: 'CSRF1', nameVi: 'Không token', validFrom: '2026-01-01' } });
    expect(form.status()).toBe(403);
    expect(await form.text()).toContain('Biểu mẫu không hợp lệ');
    const upload = await page.request.post(`${base}/app/admin/frameworks`, {
      multipart: { file: { name: 'pdti-2023.yaml', mimeType: 'application/yaml', buffer: Buffer.from(shippedText('pdti-2023.yaml')) } },
    });
    expect(upload.status()).toBe(403);
    const users = await page.request.post(`${base}/app/admin/users`, { form: { _csrf: 'not-the-token', email: 'x@dti.local', fullName: 'X', role: 'reviewer', password: PASSWORD } });
    expect(users.status()).toBe(403);
    expect((await units('code=CSRF1')).total).toBe(0);
    expect(await frameworkCount()).toBe(before);
    expect((await t.http.get('/api/v1/users?pageSize=100').set(admin.auth).expect(200)).body.items.map((u: { email: string }) => u.email)).not.toContain('x@dti.local');
    await page.close();
  });

  it('refuses a framework file past a limit at phone width: the limit named in Vietnamese with its number as Vietnamese writes it, nothing overflowing', async () => {
    const before = await frameworkCount();
    const dir = mkdtempSync(join(tmpdir(), 'dti-fw-limit-'));
    const file = join(dir, 'nhieu-khoa.json');
    // 2,000 keys in one map: past the limit of entries per map (FRAMEWORK_LIMITS.keysPerMap), a few KB.
    writeFileSync(file, JSON.stringify(Object.fromEntries(Array.from({ length: FRAMEWORK_LIMITS.keysPerMap * 2 }, (_, i) => [`k${i}`, i]))));
    const { page, problems } = await openPage(browser, { width: 360, height: 780 });
    await signInThroughForm(page, base, admin.email, PASSWORD, '/app/admin/frameworks');
    await page.setInputFiles('#fw-file', file);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/app/admin/frameworks?_csrf=')), page.click('#import-framework')]);
    expect(refused.status()).toBe(422);
    const limit = FRAMEWORK_LIMITS.keysPerMap.toLocaleString('vi-VN');
    expect(limit).toBe('1.000');
    expect(await page.textContent('#error-summary')).toContain(`Tệp nhieu-khoa.json có nhiều mục hơn giới hạn ${limit}`);
    expect(await page.$$eval('#file-problems-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-rule'), tr.querySelector('td:last-child')?.getAttribute('lang') ?? null]))).toEqual([['keys', null]]);
    // The page scrolls down, never sideways (the problems table scrolls in its own region).
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    const s = await step(page, 'web-catalog-13-framework-limit-360');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !p.startsWith('HTTP 422'))).toEqual([]);
    expect(await frameworkCount()).toBe(before);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  });

  it('refuses a framework file above the body limit of the API (413 page), nothing stored', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, admin.email, PASSWORD, '/app/admin/frameworks');
    const before = await frameworkCount();
    const action = await page.getAttribute('#framework-import', 'action');
    const big = `# ${'x'.repeat(1_100_000)}\n${shippedText('pdti-2023.yaml')}`;
    const res = await page.request.post(`${base}${action}`, { multipart: { mode: 'import', file: { name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(big) } } });
    expect(res.status()).toBe(413);
    expect(await res.text()).toContain('Tệp quá lớn');
    expect(await frameworkCount()).toBe(before);
    await page.close();
  });
});
