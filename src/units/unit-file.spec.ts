import { readFileSync } from 'fs';
import { join } from 'path';
import { checkUnitRegistry, dayBefore, formatUnitFileError, parseUnitFile, type UnitRecord } from './unit-file';

const FILES = ['national.yaml', 'ministries.yaml', 'provinces-2008.yaml', 'provinces-2025.yaml'];

function parseOk(text: string, file: string): UnitRecord[] {
  const result = parseUnitFile(text, file);
  if (!result.ok) throw new Error(result.errors.map(formatUnitFileError).join('\n'));
  return result.units;
}

function errorsOf(text: string): string[] {
  const result = parseUnitFile(text, 'broken.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.rule}`);
}

const registry: UnitRecord[] = FILES.flatMap((f) =>
  parseOk(readFileSync(join(__dirname, '../../config/units', f), 'utf8'), f),
);
const validOn = (level: string, day: string) =>
  registry.filter((r) => r.level === level && r.validFrom <= day && day <= (r.validTo ?? '9999-12-31'));
const byCode = (units: UnitRecord[]) => Object.fromEntries(units.map((u) => [u.code, u.name.vi]));

// Copied verbatim from dti-reference.md ("Provinces and their codes").
const OLD =
  '01 Hà Nội; 02 Hà Giang; 04 Cao Bằng; 06 Bắc Kạn; 08 Tuyên Quang; 10 Lào Cai; 11 Điện Biên; 12 Lai Châu; ' +
  '14 Sơn La; 15 Yên Bái; 17 Hoà Bình; 19 Thái Nguyên; 20 Lạng Sơn; 22 Quảng Ninh; 24 Bắc Giang; 25 Phú Thọ; ' +
  '26 Vĩnh Phúc; 27 Bắc Ninh; 30 Hải Dương; 31 Hải Phòng; 33 Hưng Yên; 34 Thái Bình; 35 Hà Nam; 36 Nam Định; ' +
  '37 Ninh Bình; 38 Thanh Hóa; 40 Nghệ An; 42 Hà Tĩnh; 44 Quảng Bình; 45 Quảng Trị; 46 Thừa Thiên Huế; ' +
  '48 Đà Nẵng; 49 Quảng Nam; 51 Quảng Ngãi; 52 Bình Định; 54 Phú Yên; 56 Khánh Hòa; 58 Ninh Thuận; 60 Bình Thuận; ' +
  '62 Kon Tum; 64 Gia Lai; 66 Đắk Lắk; 67 Đắk Nông; 68 Lâm Đồng; 70 Bình Phước; 72 Tây Ninh; 74 Bình Dương; ' +
  '75 Đồng Nai; 77 Bà Rịa - Vũng Tàu; 79 Hồ Chí Minh; 80 Long An; 82 Tiền Giang; 83 Bến Tre; 84 Trà Vinh; ' +
  '86 Vĩnh Long; 87 Đồng Tháp; 89 An Giang; 91 Kiên Giang; 92 Cần Thơ; 93 Hậu Giang; 94 Sóc Trăng; 95 Bạc Liêu; ' +
  '96 Cà Mau';
const NEW =
  '01 Hà Nội; 04 Cao Bằng; 08 Tuyên Quang; 11 Điện Biên; 12 Lai Châu; 14 Sơn La; 15 Lào Cai; 19 Thái Nguyên; ' +
  '20 Lạng Sơn; 22 Quảng Ninh; 24 Bắc Ninh; 25 Phú Thọ; 31 Hải Phòng; 33 Hưng Yên; 37 Ninh Bình; 38 Thanh Hóa; ' +
  '40 Nghệ An; 42 Hà Tĩnh; 44 Quảng Trị; 46 Huế; 48 Đà Nẵng; 51 Quảng Ngãi; 52 Gia Lai; 56 Khánh Hòa; 66 Đắk Lắk; ' +
  '68 Lâm Đồng; 75 Đồng Nai; 79 Hồ Chí Minh; 80 Tây Ninh; 82 Đồng Tháp; 86 Vĩnh Long; 91 An Giang; 92 Cần Thơ; ' +
  '96 Cà Mau';
const table = (list: string) => Object.fromEntries(list.split('; ').map((s) => [s.slice(0, 2), s.slice(3)]));

describe('the shipped registry', () => {
  it('parses and passes the cross-file check', () => {
    expect(registry).toHaveLength(1 + 16 + 63 + 34);
    expect(checkUnitRegistry(registry)).toEqual([]);
  });

  it('has the 63 provinces on 2024-12-31 and on 2025-06-30, with the codes and names of dti-reference.md', () => {
    expect(byCode(validOn('province', '2024-12-31'))).toEqual(table(OLD));
    expect(byCode(validOn('province', '2025-06-30'))).toEqual(table(OLD));
    expect(Object.keys(table(OLD))).toHaveLength(63);
  });

  it('has the 34 provinces from 2025-07-01', () => {
    expect(byCode(validOn('province', '2025-07-01'))).toEqual(table(NEW));
    expect(Object.keys(table(NEW))).toHaveLength(34);
  });

  it('keeps leading zeros and gives English names without diacritics', () => {
    const hn = validOn('province', '2024-12-31').find((u) => u.code === '01');
    expect(hn?.name).toEqual({ vi: 'Hà Nội', en: 'Ha Noi' });
    const en = (code: string, day: string) => validOn('province', day).find((u) => u.code === code)?.name.en;
    expect(en('79', '2024-12-31')).toBe('Ho Chi Minh City');
    expect(en('46', '2024-12-31')).toBe('Thua Thien Hue');
    expect(en('77', '2024-12-31')).toBe('Ba Ria - Vung Tau');
    expect(en('46', '2025-07-01')).toBe('Hue');
  });

  it('marks the five centrally-run cities before the reform', () => {
    const cities = validOn('province', '2024-12-31').filter((u) => u.kind === 'centrally_run_city');
    expect(cities.map((u) => u.code)).toEqual(['01', '31', '48', '79', '92']);
  });

  it('traces the lineage of the new provinces, the namesake first', () => {
    const lineage = (code: string) => validOn('province', '2025-07-01').find((u) => u.code === code)?.predecessors;
    expect(lineage('79')).toEqual(['79', '74', '77']);
    expect(lineage('37')).toEqual(['37', '35', '36']);
    expect(lineage('46')).toEqual(['46']);
    expect(lineage('01')).toEqual(['01']);
    expect(lineage('15')).toEqual(['10', '15']);
  });

  it('makes every old province the predecessor of exactly one new province', () => {
    const uses = new Map<string, string[]>();
    for (const u of validOn('province', '2025-07-01')) {
      for (const p of u.predecessors ?? []) uses.set(p, [...(uses.get(p) ?? []), u.code]);
    }
    const old = validOn('province', '2025-06-30').map((u) => u.code);
    expect([...uses.keys()].sort()).toEqual([...old].sort());
    for (const [code, successors] of uses) expect({ code, successors }).toEqual({ code, successors: [expect.any(String)] });
  });

  it('has the national unit and the ministries named in dti-reference.md, in their groups', () => {
    expect(validOn('national', '2020-01-01').map((u) => [u.code, u.name])).toEqual([['VN', { vi: 'Việt Nam', en: 'Viet Nam' }]]);
    const ministries = validOn('ministry', '2024-12-31');
    const group = (g: string) => ministries.filter((m) => m.group === g).map((m) => m.name.vi);
    expect(group('with_public_services')).toEqual([
      'Bộ Tài chính', 'Bộ Kế hoạch và Đầu tư', 'Bảo hiểm xã hội Việt Nam', 'Ngân hàng Nhà nước Việt Nam',
      'Bộ Công Thương', 'Bộ Thông tin và Truyền thông', 'Bộ Tài nguyên và Môi trường',
      'Bộ Văn hóa, Thể thao và Du lịch', 'Bộ Giao thông vận tải', 'Bộ Nội vụ',
    ]);
    expect(group('without_public_services')).toEqual([
      'Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'Viện Hàn lâm Khoa học xã hội Việt Nam',
      'Ủy ban Quản lý vốn nhà nước tại doanh nghiệp', 'Đài Truyền hình Việt Nam', 'Thông tấn xã Việt Nam',
      'Ủy ban Dân tộc',
    ]);
    expect(ministries.map((m) => m.code)).toEqual(expect.arrayContaining(['BTC', 'BKHDT', 'BHXH', 'NHNN', 'UBDT']));
    expect(ministries.every((m) => m.validFrom === '2020-01-01' && m.validTo === null && m.parent === 'VN')).toBe(true);
  });
});

describe('parseUnitFile on broken files', () => {
  const head = 'level: province\nvalidFrom: 2008-08-01\nparent: VN\nunits:\n';
  const row = (fields: string) => `${head}  - { code: "01", name: { vi: "Hà Nội", en: "Ha Noi" }${fields} }\n`;
  const cases: Array<[string, string, string]> = [
    ['code missing', `${head}  - { name: { vi: "Hà Nội" } }\n`, 'units[0].code: required'],
    ['code unquoted loses its zero', `${head}  - { code: 01, name: { vi: "Hà Nội" } }\n`, 'units[0].code: must be a string (quote codes: "01")'],
    ['code lower case', `${head}  - { code: "vn", name: { vi: "Hà Nội" } }\n`, 'units[0].code: must be a unit code (A-Z, 0-9)'],
    ['name missing', `${head}  - { code: "01" }\n`, 'units[0].name: required'],
    ['name a string', `${head}  - { code: "01", name: "Hà Nội" }\n`, 'units[0].name: must be a mapping { vi, en }'],
    ['vi empty', `${head}  - { code: "01", name: { vi: "" } }\n`, 'units[0].name.vi: required'],
    ['vi decomposed', `${head}  - { code: "01", name: { vi: "${'Hà Nội'.normalize('NFD')}" } }\n`, 'units[0].name.vi: must be Unicode NFC'],
    ['vi padded', `${head}  - { code: "01", name: { vi: "Hà Nội " } }\n`, 'units[0].name.vi: must not have leading, trailing, double or control whitespace'],
    ['en with diacritics', `${head}  - { code: "01", name: { vi: "Hà Nội", en: "Hà Nội" } }\n`, 'units[0].name.en: must be plain ASCII (English names carry no diacritics)'],
    ['name unknown key', `${head}  - { code: "01", name: { vi: "Hà Nội", fr: "Hanoï" } }\n`, 'units[0].name.fr: unknown key'],
    ['unknown record key', row(', cityTier: 1'), 'units[0].cityTier: unknown key'],
    ['unknown root key', `version: 1\n${row('')}`, 'version: unknown key'],
    ['units missing', head.replace('units:\n', ''), 'units: required'],
    ['units empty', `${head.replace('units:\n', '')}units: []\n`, 'units: must not be empty'],
    ['units a mapping', `${head}  a: 1\n`, 'units: must be a list'],
    ['record not a mapping', `${head}  - "01"\n`, 'units[0]: must be a mapping'],
    ['root a list', '- 1\n', '(root): must be a mapping with a `units` list'],
    ['bad default date', row('').replace('2008-08-01', '2025-02-30'), 'validFrom: must be a date YYYY-MM-DD'],
    ['bad record date', row(', validTo: 30/06/2025'), 'units[0].validTo: must be a date YYYY-MM-DD'],
    ['validFrom missing', row('').replace('validFrom: 2008-08-01\n', ''), 'units[0].validFrom: required'],
    ['ends before it starts', row(', validTo: 2008-07-31'), 'units[0].validTo: must not be before validFrom 2008-08-01'],
    ['unknown level', row(', level: region'), 'units[0].level: must be one of national, ministry, province, department, district, commune'],
    ['level missing', row('').replace('level: province\n', ''), 'units[0].level: required'],
    ['parent missing', row('').replace('parent: VN\n', ''), 'units[0].parent: required'],
    ['national with a parent', row(', level: national'), 'units[0].parent: must be empty for the national unit'],
    ['ministry without group', row(', level: ministry'), 'units[0].group: required for a ministry'],
    ['ministry in an unknown group', row(', level: ministry, group: big'), 'units[0].group: must be one of with_public_services, without_public_services'],
    ['kind on a ministry', row(', level: ministry, group: with_public_services, kind: centrally_run_city'), 'units[0].kind: only for a province'],
    ['unknown kind', row(', kind: city'), 'units[0].kind: must be one of centrally_run_city'],
    ['predecessors a string', row(', predecessors: "35"'), 'units[0].predecessors: must be a list of unit codes'],
    ['predecessors empty', row(', predecessors: []'), 'units[0].predecessors: must not be empty (omit it for a unit without lineage)'],
    ['predecessor unquoted', row(', predecessors: ["37", 35]'), 'units[0].predecessors[1]: must be a string (quote codes: "01")'],
    ['predecessor twice', row(', predecessors: ["37", "35", "37"]'), 'units[0].predecessors[2]: duplicate "37"'],
    ['same unit twice', `${row('')}  - { code: "01", name: { vi: "Hà Nội" } }\n`, 'units[1].code: duplicate unit province 01 from 2008-08-01 (also units[0])'],
  ];

  it.each(cases)('%s', (_label, text, expected) => {
    expect(errorsOf(text)).toEqual([expected]);
  });

  it('accepts the valid base of the corpus', () => {
    expect(errorsOf(row(''))).toEqual([]);
    expect(parseOk(row(', validTo: null'), 'ok.yaml')[0]).toMatchObject({ code: '01', validTo: null, parent: 'VN' });
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    const result = parseUnitFile(`${head}  - { code: "01", name: { vi: "Hà Nội" }\n`, 'broken.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: '(root)', rule: expect.stringMatching(/^invalid YAML/) });
    expect(errorsOf(`level: province\n${head}`)).toEqual([expect.stringMatching(/^\(root\): invalid YAML: Map keys must be unique/)]);
  });

  it('returns every error at once, each with its file and line', () => {
    const text = `${head}  - { code: "01", name: { vi: "Hà Nội" } }\n  - { name: { vi: "X" }, validTo: 2001-01-01 }\n  - { code: 2, name: { vi: "Y" }, level: commune, kind: centrally_run_city }\n`;
    const result = parseUnitFile(text, 'many.yaml');
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map(formatUnitFileError)).toEqual([
      'many.yaml:6: units[1].validTo: must not be before validFrom 2008-08-01',
      'many.yaml:6: units[1].code: required',
      'many.yaml:7: units[2].kind: only for a province',
      'many.yaml:7: units[2].code: must be a string (quote codes: "01")',
    ]);
  });
});

describe('checkUnitRegistry', () => {
  const vn = 'level: national\nunits:\n  - { code: VN, name: { vi: "Việt Nam" }, validFrom: 2008-08-01 }\n';
  const old = 'level: province\nvalidFrom: 2008-08-01\nvalidTo: 2025-06-30\nparent: VN\nunits:\n' +
    '  - { code: "35", name: { vi: "Hà Nam" } }\n  - { code: "37", name: { vi: "Ninh Bình" } }\n';
  const base = [...parseOk(vn, 'n.yaml'), ...parseOk(old, 'o.yaml')];
  const check = (text: string) => checkUnitRegistry([...base, ...parseOk(text, 'p.yaml')]);
  const reform = (rows: string) => `level: province\nvalidFrom: 2025-07-01\nparent: VN\nunits:\n${rows}`;

  it('accepts a consistent registry', () => {
    expect(check(reform('  - { code: "37", name: { vi: "Ninh Bình" }, predecessors: ["37", "35"] }\n'))).toEqual([]);
  });

  it('names an unknown predecessor and the day it had to be valid on', () => {
    expect(check(reform('  - { code: "01", name: { vi: "X" } }\n  - { code: "37", name: { vi: "Ninh Bình" }, predecessors: ["37", "99"] }\n')))
      .toEqual(['p.yaml: units[1].predecessors[1]: unknown unit "99" valid on 2025-06-30']);
  });

  it('refuses a predecessor that ended before the day before, or of another level', () => {
    const later = reform('  - { code: "37", name: { vi: "Ninh Bình" }, predecessors: ["37"], validFrom: 2025-07-02 }\n');
    expect(check(later)).toEqual(['p.yaml: units[0].predecessors[0]: unknown unit "37" valid on 2025-07-01']);
    const national = reform('  - { code: "40", name: { vi: "X" }, predecessors: ["VN"] }\n');
    expect(check(national)).toEqual(['p.yaml: units[0].predecessors[0]: unknown unit "VN" valid on 2025-06-30']);
  });

  it('refuses a duplicate (level, code, validFrom) across files', () => {
    expect(check(old)).toEqual([
      'p.yaml: units[0].code: duplicate unit province 35 from 2008-08-01 (also o.yaml: units[0])',
      'p.yaml: units[1].code: duplicate unit province 37 from 2008-08-01 (also o.yaml: units[1])',
    ]);
  });

  it('refuses overlapping validity of one level and code, but not across levels', () => {
    expect(check(reform('  - { code: "37", name: { vi: "Ninh Bình" }, validFrom: 2025-06-30 }\n'))).toEqual([
      'p.yaml: units[0].validFrom: validity 2025-06-30..open overlaps province 37 2008-08-01..2025-06-30 (o.yaml: units[1])',
    ]);
    expect(check('level: district\nparent: "37"\nunits:\n  - { code: "35", name: { vi: "X" }, validFrom: 2010-01-01, validTo: 2020-01-01 }\n')).toEqual([]);
  });

  it('requires a parent of a higher level valid over the whole validity of the child', () => {
    expect(check(reform('  - { code: "40", name: { vi: "X" }, parent: "ZZ" }\n'))).toEqual([
      'p.yaml: units[0].parent: unknown unit "ZZ" above level province',
    ]);
    expect(check(reform('  - { code: "40", name: { vi: "X" }, parent: "35" }\n'))).toEqual([
      'p.yaml: units[0].parent: unknown unit "35" above level province',
    ]);
    expect(check('level: commune\nparent: "37"\nunits:\n  - { code: "14000", name: { vi: "X" }, validFrom: 2020-01-01 }\n')).toEqual([
      'p.yaml: units[0].parent: unit "37" (2008-08-01..2025-06-30) is not valid over the whole of 2020-01-01..open',
    ]);
  });

  it('names records without a source by level, code and validFrom', () => {
    const orphan: UnitRecord = { level: 'province', code: '50', name: { vi: 'X' }, validFrom: '2025-07-01', predecessors: ['98'] };
    expect(checkUnitRegistry([...base, orphan])).toEqual(['province 50 from 2025-07-01.predecessors[0]: unknown unit "98" valid on 2025-06-30']);
  });

  it('counts days across month and year ends', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2020-01-01')).toBe('2019-12-31');
  });
});
