import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getMetadataStorage, IsInt, Max, Min } from 'class-validator';
import { IntRange, PG_INT_MAX, PG_INT_MIN } from './validators';

const SRC = join(__dirname, '..');

type Class = new (...args: never[]) => unknown;

/**
 * The source files that declare integer fields (DTOs, queries, a controller's own classes). Not the configuration
 * (the operator's settings, read once at start) nor the command line's.
 */
function validatedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['config', 'cli'].includes(relative(SRC, path)) ? [] : validatedFiles(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return /@(IsInt|IntRange)\(/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** "Class.property" of each integer field whose rules let through a value beyond PostgreSQL's integer column. */
function unboundedIntegers(classes: Class[]): string[] {
  const storage = getMetadataStorage();
  const found: string[] = [];
  for (const cls of classes) {
    const rules = storage.getTargetValidationMetadatas(cls, '', true, false);
    const integers = new Set(rules.filter((r) => r.name === 'isInt').map((r) => r.propertyName));
    for (const property of integers) {
      const bound = (name: string) => rules.filter((r) => r.propertyName === property && r.name === name && !r.each).map((r) => r.constraints[0] as number);
      const lowest = Math.max(...bound('min'));
      const highest = Math.min(...bound('max'));
      if (!(lowest >= PG_INT_MIN && highest <= PG_INT_MAX)) found.push(`${cls.name}.${property}`);
    }
  }
  return found;
}

describe('integer fields', () => {
  it('every integer field of every validated class in src is bounded within the integer column (IntRange)', () => {
    const files = validatedFiles(SRC);
    // The scan finds the DTOs (a guard against a scan that silently finds nothing).
    expect(files.map((f) => relative(SRC, f))).toEqual(expect.arrayContaining(['submissions/dto/save-answers.dto.ts', 'cycles/dto/move-cycle.dto.ts']));
    const modules = files.map((file) => jest.requireActual<Record<string, unknown>>(file));
    const classes = modules.flatMap((exported) => Object.values(exported).filter((v): v is Class => typeof v === 'function'));
    const scanned = classes.filter((cls) => getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).some((r) => r.name === 'isInt'));
    expect(scanned.length).toBeGreaterThanOrEqual(15);
    expect(unboundedIntegers(scanned)).toEqual([]);
  });

  it('finds a bare @IsInt(), one bounded on one side only, and one bounded beyond the column; not IntRange', () => {
    class Bare {
      @IsInt()
      version!: number;
    }
    class AtLeastOne {
      @IsInt()
      @Min(1)
      version!: number;
    }
    class Wide {
      @IsInt()
      @Min(0)
      @Max(Number.MAX_SAFE_INTEGER)
      count!: number;
    }
    class Bounded {
      @IntRange(1)
      version!: number;

      @IntRange(2020, 2100)
      year!: number;
    }
    expect(unboundedIntegers([Bare, AtLeastOne, Wide, Bounded])).toEqual(['Bare.version', 'AtLeastOne.version', 'Wide.count']);
  });

  it('IntRange refuses a range wider than the column', () => {
    expect(() => IntRange(0, PG_INT_MAX + 1)).toThrow(/integer column/);
    expect(() => IntRange(PG_INT_MIN - 1)).toThrow(/integer column/);
  });
});
