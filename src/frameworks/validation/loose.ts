/**
 * Readers over a document that has not passed the schema yet: the semantic checks run on a broken file too, so
 * that all of its mistakes are reported at once, and must never throw on an unexpected shape.
 */
export type Loose = Record<string, unknown>;

export function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function arrayAt(record: Loose, key: string): unknown[] {
  const value = record[key];
  return Array.isArray(value) ? value : [];
}

export function recordAt(record: Loose, key: string): Loose | undefined {
  const value = record[key];
  return isRecord(value) ? value : undefined;
}

export function numberAt(record: Loose | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringAt(record: Loose | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}
