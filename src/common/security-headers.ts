import type { NextFunction, Request, Response } from 'express';

/**
 * The headers every reply carries, API, page, asset and error alike: no MIME sniffing (an uploaded file or a JSON
 * reply never runs as a script), no framing, the referrer kept to this origin. The pages add their own on top
 * (src/web/page.ts: the content policy and caching); the API's docs page gets no content policy, as its setup script
 * is inline. In production, where the cookies are `Secure` behind TLS, browsers are told to keep to HTTPS (half a
 * year; a browser ignores it over plain HTTP).
 */
export function securityHeaders(production: boolean): (req: Request, res: Response, next: NextFunction) => void {
  const headers: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'same-origin'],
  ];
  if (production) headers.push(['Strict-Transport-Security', 'max-age=15552000']);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
