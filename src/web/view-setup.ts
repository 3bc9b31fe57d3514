import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { numberText } from './form-values';
import { isLang, type Lang } from './i18n';

/**
 * Where page templates and static assets live, read relative to the working directory so the same folders serve the
 * app run from TypeScript (tests) and from dist/ (the image copies src/web/views and src/web/public).
 */
export const VIEWS_DIR = join(process.cwd(), 'src', 'web', 'views');
export const PUBLIC_DIR = join(process.cwd(), 'src', 'web', 'public');
/** Chart.js's UMD build, served from node_modules (never copied into the repository). */
export const CHART_JS_FILE = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
export const ASSETS_PREFIX = '/assets';

/**
 * Pages carry no inline script or style: scripts are static files and data travels in
 * `<script type="application/json">` blocks, which CSP does not execute.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const numberFormats = new Map<string, Intl.NumberFormat>();
/**
 * A number shown with a fixed number of decimals in the page's language, grouped: 0,5234 and 1.234,5 in Vietnamese,
 * 0.5234 and 1,234.5 in English; a dash for none. The `number` filter of the views.
 */
export function formatNumber(value: unknown, decimals = 4, lang: Lang = 'vi'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const key = `${lang}:${decimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** The page's language as a filter sees it: the render context's `lang` (res.locals.lang), Vietnamese without one. */
function pageLang(context: unknown): Lang {
  const lang = (context as { ctx?: { lang?: unknown } } | undefined)?.ctx?.lang;
  return isLang(lang) ? lang : 'vi';
}

const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
/** A date and time in Vietnam time, e.g. "14:05 03/02/2023". */
export function formatDate(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? dateFormat.format(date) : '—';
}

const dayFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'short', year: 'numeric' }),
};
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/**
 * A day in Vietnam time in the page's language, "31/07/2025" or "31 Jul 2025", and with `time` its hour after it
 * ("31/07/2025 23:59"); a dash for none. The `day` and `when` filters of the views.
 */
export function formatDay(value: unknown, lang: Lang = 'vi', time = false): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '—';
  const day = dayFormats[lang].format(date);
  return time ? `${day}${lang === 'en' ? ',' : ''} ${timeFormat.format(date)}` : day;
}

/** JSON for a `<script type="application/json">` block: nothing in it can close the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The nunjucks environment of the pages: autoescape on, the formatting filters every page may use. */
export function createViewEnvironment(express?: unknown): nunjucks.Environment {
  const env = nunjucks.configure(VIEWS_DIR, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
    noCache: process.env.NODE_ENV === 'development',
    ...(express ? { express } : {}),
  });
  // Both number filters follow the page's language (nunjucks calls a filter with the render context as `this`).
  // A number shown with fixed decimals: `{{ points | number(2) }}` (30,00 / 30.00).
  env.addFilter('number', function (this: unknown, value: unknown, decimals?: number) {
    return formatNumber(value, decimals ?? 4, pageLang(this));
  });
  // A number as typed, to be read back by formNumber (33,5 / 33.5): `{{ value | decimal }}`; anything else as it is.
  env.addFilter('decimal', function (this: unknown, value: unknown) {
    return typeof value === 'number' ? numberText(value, pageLang(this)) : value;
  });
  env.addFilter('datetime', (value: unknown) => formatDate(value));
  // A day, or a day and its time, in the page's language: `{{ closesAt | day }}`, `{{ savedAt | when }}`.
  env.addFilter('day', function (this: unknown, value: unknown) {
    return formatDay(value, pageLang(this));
  });
  env.addFilter('when', function (this: unknown, value: unknown) {
    return formatDay(value, pageLang(this), true);
  });
  env.addFilter('iso', (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : ''));
  env.addFilter('jsonScript', (value: unknown) => new nunjucks.runtime.SafeString(jsonForScript(value)));
  env.addGlobal('assets', ASSETS_PREFIX);
  return env;
}

/**
 * The one way pages are rendered (the public ranking now, the officers' web app later): Nest MVC with nunjucks
 * (`*.njk` in src/web/views), static files from src/web/public under /assets, Chart.js under /assets/vendor.
 * Headers of each page (CSP, caching) come from the @Page() decorator.
 */
export function setupViews(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance();
  createViewEnvironment(express);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');
  const assetHeaders = (res: Response) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  };
  express.get(`${ASSETS_PREFIX}/vendor/chart.umd.js`, (_req: Request, res: Response) => {
    assetHeaders(res);
    res.sendFile(CHART_JS_FILE, { maxAge: '7d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });
  app.useStaticAssets(PUBLIC_DIR, {
    prefix: `${ASSETS_PREFIX}/`,
    index: false,
    fallthrough: true,
    maxAge: '1h',
    setHeaders: assetHeaders,
  });
}
