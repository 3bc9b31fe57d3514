import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (package `chromium`), which .ci/run installs when missing; CHROMIUM_PATH may name another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags Chromium needs here: headless, as root without a sandbox, and none of its background traffic (this
 * machine's network is closed, and Chromium would otherwise keep trying to reach Google's hosts).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots go (gitignored); CI may keep the folder as the run's artefacts. */
export const ARTIFACTS_DIR = join(process.cwd(), 'test', 'artifacts');

export interface TestBrowser {
  context: BrowserContext;
  /** Closes the browser and removes its user data folder; call it in afterAll. */
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium through playwright-core, with a new empty user data folder of its own. Fails with a clear
 * message when Chromium is not installed: browser tests are never skipped.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need Debian's chromium package ` +
        '(apt-get install chromium; .ci/run installs it) or CHROMIUM_PATH set to a Chromium executable.',
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'dti-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is how Playwright gives Chromium a --user-data-dir of our choosing.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1280, height: 900 },
      timeout: 30_000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium at ${CHROMIUM_PATH} did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page and collects what a person would never see but a test must: script errors, console errors (CSP
 * violations among them) and every response of 400 or more, with its address.
 */
export async function openPage(b: TestBrowser, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const page = await b.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed load is reported below with its address; Chromium's console line for it says only the status.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { page, problems };
}

/**
 * Pages up to this tall are saved whole. A self-assessment form or a reviewer's unit page (64 indicators) is some
 * 45,000 px: a full-page screenshot of it took 2-3.5 s (the viewport 0.1 s), a minute and a half of a test run.
 */
export const FULL_PAGE_SCREENSHOT_MAX_PX = 10_000;

/**
 * Saves a screenshot as test/artifacts/<name>.png and returns its path: the full page, or for a page taller than
 * FULL_PAGE_SCREENSHOT_MAX_PX the viewport where it is scrolled to, which is what the person sees at that step.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await page.screenshot({ path, fullPage: height <= FULL_PAGE_SCREENSHOT_MAX_PX });
  return path;
}

/** One axe-core violation, as the tests report it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations. axe is evaluated through
 * DevTools (addScriptTag would write an inline script, which the pages' CSP refuses, as it should).
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type Axe = { run(options?: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> };
    const r = await (globalThis as unknown as { axe: Axe }).axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A step of a browser scenario: a screenshot named `<scenario>-<nn>-<step>` and the page checked by axe-core. */
export async function step(page: Page, name: string): Promise<{ screenshot: string; violations: AxeViolation[] }> {
  const screenshot = await saveScreenshot(page, name);
  return { screenshot, violations: await seriousA11yViolations(page) };
}

/**
 * The text of a page's error summary once the page that shows it is wholly parsed. The summary comes first in the
 * document: read at once, the form below it may still be arriving (a select without its selected option yet), so a
 * check of what was typed right after would race the parser on a busy machine.
 */
export async function errorSummaryOfParsedPage(page: Page): Promise<string> {
  const summary = (await page.textContent('#error-summary')) ?? '';
  await page.waitForFunction("document.readyState !== 'loading'");
  return summary;
}

/** Signs in through the web app's form and waits for the page it leads to. */
export async function signInThroughForm(page: Page, base: string, email: string, password: string, next?: string): Promise<void> {
  await page.goto(`${base}/app/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/app/login')), page.click('form[action="/app/login"] button[type="submit"]')]);
}
