import type { TestApp } from './test-app';

/** A page the crawl read: its address, status and HTML (only pages answered with text/html are kept). */
export interface CrawledPage {
  path: string;
  status: number;
  html: string;
}

/** A visitor of the site through HTTP: its cookies (a session after signIn, the language cookie), as a browser keeps them. */
export class PageVisitor {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly t: TestApp,
    lang: 'vi' | 'en',
  ) {
    this.cookies.set('dti_lang', lang);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(setCookie: string[] | string | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      // An expired cookie (cleared by the server) is forgotten, as a browser does.
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** GETs an address as this visitor (no redirect followed). */
  async get(path: string): Promise<{ status: number; type: string; text: string; location: string | null }> {
    const res = await this.t.http.get(path).set('Cookie', this.cookieHeader()).buffer(true);
    this.keep(res.headers['set-cookie'] as unknown as string[] | undefined);
    return { status: res.status, type: String(res.headers['content-type'] ?? ''), text: res.text ?? '', location: (res.headers.location as string | undefined) ?? null };
  }

  /** Signs in through the login form, as a person does (its CSRF token from the page). */
  async signIn(email: string, password: string): Promise<void> {
    const page = await this.get('/app/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error('the login page has no CSRF token');
    const res = await this.t.http
      .post('/app/login')
      .set('Cookie', this.cookieHeader())
      .type('form')
      .send({ email, password, _csrf: token, next: '/app' });
    this.keep(res.headers['set-cookie'] as unknown as string[] | undefined);
    if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
  }
}

/** The addresses of a page's links (<a href>), resolved against the page, same site only, without fragments. */
export function pageLinks(html: string, from: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/gi)) {
    const link = sameSite(match[1].replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#39;/g, "'"), from);
    if (link) links.push(link);
  }
  return links;
}

/** An address of this site (path and query) from an href or a Location, or null for another site, a fragment, a mailto. */
function sameSite(href: string, from: string): string | null {
  if (!href || href.startsWith('#') || /^(mailto|tel|javascript):/i.test(href)) return null;
  const url = new URL(href, `http://site${from}`);
  return url.host === 'site' || url.hostname === '127.0.0.1' ? `${url.pathname}${url.search}` : null;
}

/** Downloads and the JSON API: not pages. */
const NOT_A_PAGE = /^\/api\/|\/(file|download|snapshot)(\?|$)|\.(xlsx|csv|json|yaml|pdf|svg|css|js)(\?|$)|[?&](format|export)=/;

/**
 * The shape of an address, for the bound: ids and numbers replaced, the query's names kept, so that 63 units' pages or
 * 200 pages of a log count as one shape.
 */
export const addressShape = (path: string): string => {
  const [pathname, search = ''] = path.split('?');
  const names = [...new URLSearchParams(search).keys()].sort().join('&');
  return `${pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:n')}?${names}`;
};

/**
 * Every page reachable by links from the start pages, breadth first: at most `perShape` addresses of one shape and
 * `max` pages in all; a link to a download or the API is not followed, a redirect is followed as a link.
 */
export async function crawl(visitor: PageVisitor, starts: string[], options: { max: number; perShape: number; skip?: RegExp }): Promise<CrawledPage[]> {
  const queue = [...starts];
  const seen = new Set<string>(starts);
  const shapes = new Map<string, number>();
  const pages: CrawledPage[] = [];
  while (queue.length && pages.length < options.max) {
    const path = queue.shift()!;
    const res = await visitor.get(path);
    const next = res.location ? [sameSite(res.location, path)].filter((l): l is string => l !== null) : res.type.includes('text/html') ? pageLinks(res.text, path) : [];
    if (res.type.includes('text/html')) pages.push({ path, status: res.status, html: res.text });
    for (const link of next) {
      if (seen.has(link) || NOT_A_PAGE.test(link) || options.skip?.test(link)) continue;
      seen.add(link);
      const shape = addressShape(link);
      const count = shapes.get(shape) ?? 0;
      if (count >= options.perShape) continue;
      shapes.set(shape, count + 1);
      queue.push(link);
    }
  }
  return pages;
}
