import { DomainException } from './domain.exception';

/**
 * The version a write is based on: the If-Match header ("3", W/"3" or 3) or a body field. One of them is required,
 * so that no write can silently overwrite a newer one.
 */
export function versionFrom(ifMatch: string | undefined, bodyVersion: number | undefined, field = 'version'): number {
  if (ifMatch !== undefined) {
    const raw = ifMatch.replace(/^W\//, '').replace(/"/g, '').trim();
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw DomainException.validation([{ field: 'If-Match', rule: 'isVersion', message: 'If-Match must be the version read, e.g. "3"' }]);
    }
    if (bodyVersion !== undefined && bodyVersion !== Number(raw)) {
      throw DomainException.validation([{ field, rule: 'matchesIfMatch', message: `${field} ${bodyVersion} and If-Match ${raw} differ` }]);
    }
    return Number(raw);
  }
  if (bodyVersion === undefined) {
    throw DomainException.validation([{ field, rule: 'required', message: `send the ${field} read, in If-Match or the body` }]);
  }
  return bodyVersion;
}
