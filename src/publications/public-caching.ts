import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Caching of the public reads of a publication. A version never changes, so its reply's ETag is derived from what
 * identifies it (the publication, its sha256 and version, when a unit's name last changed, and the query), never from
 * the body: a matching If-None-Match is answered 304 before anything heavy is read. The latest version may be
 * superseded by a correction: a minute, then ask again; a version asked for by number: a day, as it is.
 */
export const LATEST_CACHE_CONTROL = 'public, max-age=60, must-revalidate';
export const VERSION_CACHE_CONTROL = 'public, max-age=86400, immutable';

/** What a public reply's ETag is made of: its edition's identity and the query's parts (undefined ones left as ''). */
export function publicEtag(parts: readonly (string | number | undefined | null)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? ''}\u0000`);
  return `"${hash.digest('base64url').slice(0, 32)}"`;
}

/** Whether the request's If-None-Match names this ETag (or `*`), weak or strong alike (RFC 9110 13.1.2). */
export function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** The caching headers of a public read: the ETag, and how long (latest or a version asked for by number). */
export function setPublicCaching(res: Response, etag: string, versionAsked: boolean): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', versionAsked ? VERSION_CACHE_CONTROL : LATEST_CACHE_CONTROL);
}
