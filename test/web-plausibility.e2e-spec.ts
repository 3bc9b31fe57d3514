import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

type Doc = { document: { getElementById(id: string): { textContent: string | null } | null } };

/** PDTI 2024 as shipped (NT.05 a self-reported numerator/denominator, TC.02 a self-reported percent), version 2024.8. */
function pdti2024(): string {
  const doc = parse(readFileSync(join(process.cwd(), 'config', 'frameworks', 'pdti-2024.yaml'), 'utf8')) as Record<string, unknown>;
  delete doc.$schema;
  doc.version = '2024.8';
  return stringify(doc);
}

jest.setTimeout(120_000);

/**
 * The self-assessment's autosave says a refused value in the page's language (the API's English never shows), and an
 * implausible value saved with its warnings beside the answer, after the save and after a reload; at 360 px and 1366 px.
 */
describe('web: the autosave’s refusals and plausibility warnings in the page’s language', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let officer: SignedInUser;
  let formPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    const [{ id: unit }] = await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code = '01' AND valid_from = '2008-08-01'`);
    const admin = await signedInUser(t, Role.Admin, 'admin@web-plausibility.test');
    officer = await signedInUser(t, Role.Officer, 'officer@web-plausibility.test', unit);
    const framework = await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(pdti2024()).expect(201);
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({
        year: 2024,
        level: 'province',
        frameworkId: framework.body.id,
        nameVi: 'Đánh giá DTI cấp tỉnh năm 2024',
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 30 * 86_400_000).toISOString(),
        participants: [{ unitId: unit }],
      })
      .expect(201);
    await t.http.post(`/api/v1/cycles/${cycle.body.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: cycle.body.rowVersion }).expect(200);
    formPath = `/app/cycles/${cycle.body.id}/units/${unit}?section=all`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  const status = (page: Page) => page.waitForFunction(() => !/^(Đang lưu|Saving)/.test((globalThis as unknown as Doc).document.getElementById('save-status')?.textContent ?? '…'));

  async function form(lang: 'vi' | 'en', width: number): Promise<{ page: Page; problems: string[] }> {
    await browser.context.addCookies([{ name: 'dti_lang', value: lang, url: base }]);
    const opened = await openPage(browser, { width, height: 900 });
    await signInThroughForm(opened.page, base, officer.email, PASSWORD, formPath);
    return opened;
  }

  it('says a value above its maximum in Vietnamese beside the field and in the status, never the API’s English (360 px)', async () => {
    const { page } = await form('vi', 360);
    await page.fill('[id="v-TC.02"]', '500');
    await page.waitForSelector('[id="ind-TC.02"] .field-error.live');
    await status(page);
    expect(await page.textContent('[id="ind-TC.02"] .field-error.live')).toBe('Không được lớn hơn 100.');
    const said = await page.textContent('#save-status');
    expect(said).toContain('Chưa lưu được');
    expect(said).not.toMatch(/must|answers\[/);
    await page.locator('[id="ind-TC.02"] .field-error.live').scrollIntoViewIfNeeded();
    const s = await step(page, 'web-plausibility-01-max-vi-360');
    expect(s.violations).toEqual([]);
    await page.close();
  });

  it('says it in English for an English session (1366 px)', async () => {
    const { page } = await form('en', 1366);
    await page.fill('[id="v-TC.02"]', '500');
    await page.waitForSelector('[id="ind-TC.02"] .field-error.live');
    await status(page);
    expect(await page.textContent('[id="ind-TC.02"] .field-error.live')).toBe('Must not be greater than 100.');
    expect(await page.textContent('#save-status')).not.toMatch(/must be at most|answers\[/);
    await page.close();
  });

  it('saves a numerator above its denominator and shows its warning beside the answer, after the save and after a reload', async () => {
    const { page, problems } = await form('vi', 1366);
    await page.fill('[id="v-NT.05-denominator"]', '100');
    await page.fill('[id="v-NT.05-numerator"]', '500');
    await page.waitForSelector('[id="ind-NT.05"] [data-warnings] li');
    expect(await page.textContent('[id="ind-NT.05"] [data-warnings] li')).toBe(
      'Tử số (500) lớn hơn mẫu số (100): tỷ lệ vượt 100 %, điểm đang được tính ở mức tối đa.',
    );
    let s = await step(page, 'web-plausibility-02-warning-after-save');
    expect(s.violations).toEqual([]);
    await page.reload();
    expect(await page.textContent('[id="ind-NT.05"] [data-warnings] li')).toBe(
      'Tử số (500) lớn hơn mẫu số (100): tỷ lệ vượt 100 %, điểm đang được tính ở mức tối đa.',
    );
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator('[id="ind-NT.05"]').scrollIntoViewIfNeeded();
    s = await step(page, 'web-plausibility-03-warning-reloaded-360');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
