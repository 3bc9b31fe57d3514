import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsDate, IsDateString, IsISO8601, validate } from 'class-validator';
import { DATE_YEAR_MAX, DATE_YEAR_MIN, DateInRange, dateTimeYear } from './validators';

const SRC = join(__dirname, '..');

type Class = new (...args: never[]) => unknown;

/** What marks a date field in a source file: class-validator's date rules, a Date type, or DateInRange. */
const DATE_DECORATOR = /@(IsISO8601|IsDateString|IsDate|IsRFC3339|DateInRange)\(|Type\(\(\) => Date\)/;

/** The source files that declare date fields (DTOs, queries); not the configuration nor the command line's. */
function validatedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['config', 'cli'].includes(relative(SRC, path)) ? [] : validatedFiles(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return DATE_DECORATOR.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** The rules that make a field a date, class-validator's (laxer than DateInRange) and DateInRange's own. */
const DATE_RULES = new Set(['isIso8601', 'isDateString', 'isDate', 'isRFC3339', 'dateYears']);

/** "Class.property" of each date field without DateInRange's year rule (the one that keeps PostgreSQL's range). */
function unboundedDates(classes: Class[]): string[] {
  const storage = getMetadataStorage();
  const found: string[] = [];
  for (const cls of classes) {
    const rules = storage.getTargetValidationMetadatas(cls, '', true, false);
    const dates = new Set([...rules.filter((r) => DATE_RULES.has(r.name ?? '')).map((r) => r.propertyName), ...dateTypedProperties(cls)]);
    for (const property of dates) {
      const bounded = rules.some((r) => r.propertyName === property && r.name === 'dateYears' && r.constraints?.[0] === DATE_YEAR_MIN && r.constraints?.[1] === DATE_YEAR_MAX);
      if (!bounded) found.push(`${cls.name}.${property}`);
    }
  }
  return found;
}

/** The properties class-transformer turns into a Date (@Type(() => Date)): a date field even with no date rule. */
function dateTypedProperties(cls: Class): string[] {
  // class-transformer keeps @Type in its own storage; it is not exported, so read it from the module's singleton.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: { findTypeMetadata(target: unknown, property: string): { typeFunction: () => unknown } | undefined };
  };
  const properties = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((r) => r.propertyName);
  return [...new Set(properties)].filter((p) => defaultMetadataStorage.findTypeMetadata(cls, p)?.typeFunction() === Date);
}

describe('date fields', () => {
  it('every date field of every validated class in src takes DateInRange (a shape both JavaScript and PostgreSQL read, a year they keep)', () => {
    const files = validatedFiles(SRC);
    // The scan finds the DTOs (a guard against a scan that silently finds nothing).
    expect(files.map((f) => relative(SRC, f))).toEqual(expect.arrayContaining(['cycles/dto/create-cycle.dto.ts', 'audit/dto/list-audit.query.ts', 'units/dto/list-units.query.ts']));
    const modules = files.map((file) => jest.requireActual<Record<string, unknown>>(file));
    const classes = modules.flatMap((exported) => Object.values(exported).filter((v): v is Class => typeof v === 'function'));
    const scanned = classes.filter(
      (cls) => getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).some((r) => DATE_RULES.has(r.name ?? '')) || dateTypedProperties(cls).length > 0,
    );
    expect(scanned.length).toBeGreaterThanOrEqual(9);
    expect(unboundedDates(scanned)).toEqual([]);
  });

  it('finds a bare @IsISO8601(), @IsDateString(), @IsDate() and a @Type(() => Date) field; not DateInRange', () => {
    class Iso {
      @IsISO8601({ strict: true })
      opensAt!: string;
    }
    class DateString {
      @IsDateString()
      validOn!: string;
    }
    class Typed {
      @IsDate()
      @Type(() => Date)
      until!: Date;
    }
    class Bounded {
      @DateInRange()
      closesAt!: string;

      @IsISO8601()
      @DateInRange()
      from!: string;
    }
    expect(unboundedDates([Iso, DateString, Typed, Bounded])).toEqual(['Iso.opensAt', 'DateString.validOn', 'Typed.until']);
  });
});

describe('DateInRange', () => {
  class Window {
    @DateInRange()
    at!: string;
  }
  const problemsOf = async (at: unknown) => (await validate(Object.assign(new Window(), { at })))[0]?.constraints ?? {};

  it.each([
    '2025-03-01',
    '2025-03-01T08:00',
    '2025-03-01T08:00:59',
    '2025-03-01T08:00:00.123',
    '2025-03-01T08:00:00Z',
    '2025-03-01T08:00:00.000Z',
    '2025-03-01T08:00:00+07:00',
    '2025-03-01T08:00:00-0930',
    '2024-02-29',
    `${DATE_YEAR_MIN}-01-01`,
    `${DATE_YEAR_MAX}-12-31T23:59:59+14:00`,
  ])('takes %s', async (at) => {
    expect(await problemsOf(at)).toEqual({});
  });

  it.each([
    // The sweep's probes: PostgreSQL refuses the first two, JavaScript reads the second as the year 9999.
    ['0000-01-01', 'dateYears'],
    ['-9999-01-01', 'isIso8601'],
    ['9999-12-31T23:59:59+14:00', 'dateYears'],
    ['1899-12-31', 'dateYears'],
    ['2201-01-01', 'dateYears'],
    // ISO 8601 that class-validator takes and JavaScript reads as no date, or reads apart from PostgreSQL.
    ['+002025-03-01', 'isIso8601'],
    ['2025-W09-6', 'isIso8601'],
    ['2025-060', 'isIso8601'],
    ['20250301', 'isIso8601'],
    ['2025', 'isIso8601'],
    ['2025-03-01T08', 'isIso8601'],
    ['2025-03-01T08:00+07', 'isIso8601'],
    ['2025-03-01 08:00', 'isIso8601'],
    ['2025-03-01T08:00:00,5', 'isIso8601'],
    ['2025-03-01T08:00:00.1234', 'isIso8601'],
    ['2025-03-01T24:00', 'isIso8601'],
    ['2025-03-01T08:00:60', 'isIso8601'],
    ['2025-03-01T08:00+15:00', 'isIso8601'],
    ['2025-02-29', 'isIso8601'],
    ['2025-13-01', 'isIso8601'],
    ['hôm qua', 'isIso8601'],
    [20250301, 'isIso8601'],
  ])('refuses %s (%s), naming the field', async (at, rule) => {
    const problems = await problemsOf(at);
    expect(Object.keys(problems)).toEqual([rule]);
    expect(problems[rule]).toMatch(/^at must be /);
  });

  it('says the years in its message, which the pages read', async () => {
    expect((await problemsOf('1800-01-01')).dateYears).toBe(`at must be a date in the years ${DATE_YEAR_MIN} to ${DATE_YEAR_MAX}`);
  });

  it('reads the year of what it takes, and the calendar of every year (leap days by the 400-year rule)', () => {
    expect(dateTimeYear('2000-02-29')).toBe(2000);
    expect(dateTimeYear('1900-02-29')).toBeNull();
    expect(dateTimeYear('2100-02-29')).toBeNull();
    expect(dateTimeYear('2025-04-31')).toBeNull();
  });
});
