import type { Request } from 'express';

/** Methods that change state: the only ones a cross-site request can abuse, and the only ones checked. */
export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An API request the web session middleware let in by its session cookie (src/web/session.ts), not a bearer call. */
export interface CookieAuthenticatedRequest {
  viaSessionCookie?: boolean;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * Why a state-changing request that carries the session cookie does not come from this site, or null when it does.
 * The browser's Origin header says where the request comes from, else its Referer; this site is PUBLIC_ORIGIN when set,
 * else the request's own protocol and Host (as forwarded by a trusted proxy). A request with neither header is let
 * through to the CSRF token check: browsers send Origin on every cross-site POST, PUT, PATCH and DELETE, and some
 * clients (and privacy settings for same-site requests) send neither.
 */
export function crossSiteProblem(req: Request, publicOrigin: string): string | null {
  const origin = req.get('origin');
  const referer = req.get('referer');
  if (origin === undefined && !referer) return null;
  const from = origin !== undefined ? (origin === 'null' ? null : originOf(origin)) : originOf(referer as string);
  const own = originOf(publicOrigin || `${req.protocol}://${req.host}`);
  if (from !== null && from === own) return null;
  const header = origin !== undefined ? 'Origin' : 'Referer';
  return `${header}: ${origin ?? referer} is not this site (${own ?? 'unknown'}); a change must come from the site's own pages`;
}
