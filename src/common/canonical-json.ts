import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the same text, so
 * its sha256 identifies the content (framework versions, score inputs, publications).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export const canonicalHash = (value: unknown): string => sha256Hex(canonicalJson(value));
