import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from './security-headers';

const headersOf = (production: boolean): Record<string, string> => {
  const set: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (set[name] = value) } as unknown as Response;
  const next = jest.fn() as NextFunction;
  securityHeaders(production)({} as Request, res, next);
  expect(next).toHaveBeenCalledTimes(1);
  return set;
};

describe('securityHeaders', () => {
  it('asks for HTTPS only in production, where the cookies are Secure; the rest everywhere', () => {
    const base = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin' };
    expect(headersOf(false)).toEqual(base);
    expect(headersOf(true)).toEqual({ ...base, 'Strict-Transport-Security': 'max-age=15552000' });
  });
});
