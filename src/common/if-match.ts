import { DomainException } from './domain.exception';
import { intFromText, PG_INT_MAX } from './validators';

/**
 * The version an If-Match header carries ("3", W/"3" or 3), at least `min`: anything else is a 400 naming If-Match,
 * and so is a version beyond the integer column (no row has it; it reached PostgreSQL as a 500).
 */
export function ifMatchVersion(ifMatch: string, min = 1): number {
  const raw = ifMatch.replace(/^W\//, '').replace(/"/g, '').trim();
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw DomainException.validation([{ field: 'If-Match', rule: 'isVersion', message: 'If-Match must be the version read, e.g. "3"' }]);
  }
  return intFromText(raw, 'If-Match', min, PG_INT_MAX);
}

/**
 * The version a write is based on: the If-Match header or a body field. One of them is required, so that no write
 * can silently overwrite a newer one.
 */
export function versionFrom(ifMatch: string | undefined, bodyVersion: number | undefined, field = 'version'): number {
  if (ifMatch !== undefined) {
    const version = ifMatchVersion(ifMatch);
    if (bodyVersion !== undefined && bodyVersion !== version) {
      throw DomainException.validation([{ field, rule: 'matchesIfMatch', message: `${field} ${bodyVersion} and If-Match ${version} differ` }]);
    }
    return version;
  }
  if (bodyVersion === undefined) {
    throw DomainException.validation([{ field, rule: 'required', message: `send the ${field} read, in If-Match or the body` }]);
  }
  return bodyVersion;
}
