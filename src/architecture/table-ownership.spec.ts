/**
 * Each feature owns its tables (../shared/docs/DESIGN.md, Layout): SQL that names a table lives in the folder whose
 * entity declares it, and every other folder asks that folder's query functions or service. Entities imported across
 * folders are refused by the no-foreign-entity rule of .dependency-cruiser.cjs (`npm run lint`); this spec reads the
 * SQL that TypeORM never sees: raw queries, query-builder strings and COPY.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const folderOf = (path: string): string => relative(SRC, path).split(sep)[0];

/** Table name → the folder whose entity declares it. */
export function tableOwners(files: readonly string[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files.filter((path) => path.endsWith('.entity.ts'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z0-9_]+)'/g)) owners.set(match[1], folderOf(file));
  }
  return owners;
}

// SQL keywords are written in capitals in this code base, so English prose ("read from units") does not match.
const TABLE_AFTER_KEYWORD = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|COPY)\s+(?:ONLY\s+)?"?([a-z][a-z0-9_]*)"?/g;

/** "file: table (owner)" for every table a file names in SQL that another folder owns. */
export function foreignTableUses(source: string, folder: string, owners: ReadonlyMap<string, string>): string[] {
  const uses = new Set<string>();
  for (const match of source.matchAll(TABLE_AFTER_KEYWORD)) {
    const owner = owners.get(match[1]);
    if (owner !== undefined && owner !== folder) uses.add(`${match[1]} (owned by ${owner})`);
  }
  return [...uses];
}

describe('table ownership', () => {
  const files = sourceFiles(SRC);
  const owners = tableOwners(files);

  it('finds the owner of every table the migrations create', () => {
    expect(owners.get('answers')).toBe('submissions');
    expect(owners.get('units')).toBe('units');
    expect(owners.get('score_results')).toBe('scoring');
    expect(owners.size).toBeGreaterThanOrEqual(25);
  });

  it('reads a table named after a SQL keyword and ignores prose and its own tables', () => {
    const sql = 'SELECT a.value FROM answers a JOIN "units" u ON u.id = a.unit_id -- read from units';
    expect(foreignTableUses(sql, 'scoring', owners)).toEqual(['answers (owned by submissions)', 'units (owned by units)']);
    expect(foreignTableUses('INSERT INTO answers (id) VALUES ($1)', 'submissions', owners)).toEqual([]);
  });

  it('no folder names a table another folder owns', () => {
    const offences = files.flatMap((file) =>
      foreignTableUses(readFileSync(file, 'utf8'), folderOf(file), owners).map((use) => `${relative(SRC, file)}: ${use}`),
    );
    expect(offences).toEqual([]);
  });
});
