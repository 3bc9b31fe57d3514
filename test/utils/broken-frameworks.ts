import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BrokenFrameworkCase {
  file: string;
  mistake: string;
  errors: { path: string; rule: string; line?: number }[];
}

export const BROKEN_DIR = join(__dirname, '..', 'fixtures', 'frameworks', 'broken');

/** The corpus of broken framework files and the issues each must produce (test/fixtures/frameworks/broken). */
export function brokenFrameworkCases(): BrokenFrameworkCase[] {
  return (JSON.parse(readFileSync(join(BROKEN_DIR, 'expected.json'), 'utf8')) as { cases: BrokenFrameworkCase[] }).cases;
}
