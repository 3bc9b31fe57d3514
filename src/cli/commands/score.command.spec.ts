import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { roundTo, score, type UnitInput } from '../../engine';
import { loadFrameworkText } from '../../frameworks/framework-file';
import { CliOutput, type CliLang } from '../output/cli-output';
import { runScore, type ScoreCommandOptions } from './score.command';

const FIXTURES = join(__dirname, '../../../test/fixtures/score-file');
const FRAMEWORK = join(FIXTURES, 'framework.yaml');
const UNITS_CSV = join(FIXTURES, 'units.csv');
/** The same units with decimals: ','-separated with dots, and as Vietnamese-locale Excel saves it (';', decimal commas, BOM, CRLF). */
const DECIMALS_CSV = join(FIXTURES, 'decimals.csv');
const DECIMALS_SEMICOLON_CSV = join(FIXTURES, 'decimals-semicolon.csv');
/** What the command says (in English) it read from units.csv (a ','-separated CSV UTF-8 with a BOM). */
const UNITS_DIALECT = "note: units.csv: CSV UTF-8, separator ',', decimal mark '.', with BOM";

/** test/fixtures/score-file/units.csv as the engine's input, written out by hand (not through the reader). */
const UNITS: UnitInput[] = [
  {
    code: '79',
    ranked: true,
    groups: { region: 'Nam' },
    values: { 'A.1': true, 'A.2': 80, 'A.3': { numerator: 30, denominator: 40 }, 'B.1': 'full', 'B.2': 12, 'B.4': 50 },
    manualPoints: { 'B.3': 5 },
    denominators: { Population: 10 },
  },
  {
    code: '48',
    groups: { region: 'Nam' },
    values: { 'A.1': false, 'A.2': 50, 'A.3': { numerator: 10, denominator: 10 }, 'B.1': 'partial', 'B.2': 7, 'B.4': 20 },
    manualPoints: { 'B.3': 8 },
    denominators: { Population: 2 },
  },
  {
    code: '01',
    ranked: true,
    groups: { region: 'Bắc' },
    values: { 'A.1': true, 'B.1': 'full', 'B.2': 10, 'B.4': 300 },
    manualPoints: { 'B.3': 10 },
    denominators: { Population: 100 },
  },
  {
    code: 'VN',
    ranked: false,
    groups: { region: '' },
    values: { 'A.1': false, 'A.2': 100, 'A.3': { numerator: 5, denominator: 5 }, 'B.1': 'full', 'B.2': 20, 'B.4': 10 },
    manualPoints: { 'B.3': 10 },
    denominators: { Population: 1 },
  },
];

/**
 * By hand (scale 100, precision 2): points A.1 + A.2 + A.3 | B.1 + B.2 + B.3 + B.4 (B.4 = value / Population on
 * goalposts 0..10, × 10 points); pillar P = (A + B.1) / 60.
 *   79: 10 + 8 + 15 = 33 | 20 + 20 + 5 + 5 = 50  → index 83, A 33/40, B 50/60, P 53/60
 *   48:  0 + 5 + 20 = 25 | 10 + 10 + 8 + 10 = 38 → index 63, A 25/40, B 38/60, P 35/60
 *   01: 10 + 0 + 0 = 10  | 20 + 20 + 10 + 3 = 53 → index 63, A 10/40, B 53/60, P 30/60
 *   VN:  0 + 10 + 20 = 30 | 20 + 20 + 10 + 10 = 60 → index 90, not ranked
 * Ranks 1, 2, 2 (competition ranking); the tie is listed by code, the unranked unit last.
 */
const BY_HAND = [
  ['1', '79', 'Alpha', '83.00', '82.50', '83.33', '88.33', ''],
  // 01's A.2 and A.3 cells are empty: missing, counted as zero by the framework's policy, and said so.
  ['2', '01', 'Gamma', '63.00', '25.00', '88.33', '50.00', 'A.2, A.3: trống — tính 0 điểm (missing: zero)'],
  ['2', '48', '=Beta', '63.00', '62.50', '63.33', '58.33', ''],
  ['', 'VN', 'Cả nước', '90.00', '75.00', '100.00', '83.33', 'không xếp hạng'],
];
const HEADER = ['Hạng', 'Mã', 'Tên', 'Chỉ số', 'A', 'B', 'P', 'Ghi chú'];

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, out, err };
}

const readCsv = (path: string): string[][] => parse(readFileSync(path), { bom: true }) as string[][];

describe('score --framework --data (the command function, end to end)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'score-command-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The command in English unless told (its refusals are asserted word for word below), --json when told. */
  const run = async (options: Partial<ScoreCommandOptions>, lang: CliLang = 'en', json = false) => {
    const c = capture();
    const code = await runScore({ framework: FRAMEWORK, data: UNITS_CSV, ...options }, new CliOutput(lang, json, c.io));
    return { code, out: c.out.join('\n'), err: c.err.join('\n') };
  };

  it('scores a CSV into a CSV: index, groups, pillar and ranks as computed by hand and by the engine', async () => {
    const out = join(dir, 'result.csv');
    const result = await run({ out, groups: 'region' });
    expect(result).toEqual({ code: 0, out: `SCORETEST 1: 4 unit(s) scored, 3 ranked; written to ${out}`, err: UNITS_DIALECT });
    const rows = readCsv(out);
    expect(rows[0]).toEqual(HEADER);
    // The name "=Beta" is defused in CSV with a leading apostrophe.
    expect(rows.slice(1).map((r) => r.map((cell) => cell.replace(/^'=/, '=')))).toEqual(BY_HAND);

    // The same inputs given straight to the engine give the same index and ranks.
    const loaded = loadFrameworkText(readFileSync(FRAMEWORK, 'utf8'), 'framework.yaml');
    if (!loaded.ok) throw new Error('fixture');
    const engine = score(loaded.framework, UNITS);
    for (const row of rows.slice(1)) {
      const unit = engine.units.find((u) => u.code === row[1])!;
      expect(row[0]).toBe(unit.rank === null ? '' : String(unit.rank));
      expect(Number(row[3])).toBe(unit.indexRounded);
      expect(Number(row[4])).toBe(roundTo(unit.nodes.A.value! * 100, 2));
      expect(Number(row[6])).toBe(roundTo(unit.pillars.P.value! * 100, 2));
    }
  });

  it('scores an XLSX (typed cells, a formula with its saved result) into an XLSX with the same results', async () => {
    const data = join(dir, 'units.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tỉnh');
    for (const row of readCsv(UNITS_CSV)) sheet.addRow(row);
    // Typed cells where Excel would have them, and A.2 of 79 (80) as a formula's saved result.
    sheet.getCell('E2').value = true;
    sheet.getCell('F2').value = { formula: '40*2', result: 80 };
    sheet.getCell('E3').value = false;
    sheet.getCell('F3').value = 50;
    await workbook.xlsx.writeFile(data);

    const out = join(dir, 'result.xlsx');
    const result = await run({ data, out, groups: 'region' });
    expect(result.code).toBe(0);
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
    const ws = written.worksheets[0];
    const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toFixed(2) : String(v));
    const values = ws.getSheetValues().slice(1).map((r) => Array.from((r as ExcelJS.CellValue[]).slice(1, HEADER.length + 1), text));
    expect(values[0]).toEqual(HEADER);
    expect(values.slice(1).map((r) => [r[0] === '' ? '' : String(Number(r[0])), ...r.slice(1)])).toEqual(BY_HAND);
    // "=Beta" came out as text, never as a formula; numbers carry the framework's precision.
    const beta = ws.getCell('C4');
    expect([beta.value, beta.type, beta.formula]).toEqual(['=Beta', ExcelJS.ValueType.String, undefined]);
    expect(ws.getCell('D2').numFmt).toBe('0.00');
  });

  it('ranks within a group column with --rank-within (a group column without --groups)', async () => {
    const out = join(dir, 'within.csv');
    expect((await run({ out, rankWithin: 'region' })).code).toBe(0);
    const rows = readCsv(out);
    expect(rows[0].slice(0, 5)).toEqual(['Hạng', 'region', 'Hạng trong nhóm', 'Mã', 'Tên']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['1', 'Nam', '1', '79'],
      ['2', 'Bắc', '1', '01'],
      ['2', 'Nam', '2', '48'],
      ['', '', '', 'VN'],
    ]);
  });

  it('prints a table on stdout without --out, in Vietnamese by default: its headers, decimal commas, the summary', async () => {
    const result = await run({ groups: 'region' }, 'vi');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['Hạng', 'Mã', 'Tên', 'Chỉ', 'số', 'A', 'B', 'P', 'Ghi', 'chú']);
    expect(lines[1].trim().split(/\s+/)).toEqual(['1', '79', 'Alpha', '83,00', '82,50', '83,33', '88,33']);
    expect(lines[4]).toContain('không xếp hạng');
    expect(result.err).toBe("ghi chú: units.csv: CSV UTF-8, phân tách ',', dấu thập phân '.', có BOM\nSCORETEST 1: đã tính 4 đơn vị, xếp hạng 3");
    expect(result.out + result.err).not.toMatch(/\d\.\d|note|scored|ranked/);
  });

  it('prints the table in English with --lang en: English headers, decimal points, notes in English', async () => {
    const result = await run({ groups: 'region' }, 'en');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['Rank', 'Code', 'Name', 'Index', 'A', 'B', 'P', 'Notes']);
    expect(lines[1].trim().split(/\s+/)).toEqual(['1', '79', 'Alpha', '83.00', '82.50', '83.33', '88.33']);
    // The notes too: 01's empty cells and VN's status, in English on the screen.
    expect(lines[2]).toMatch(/ A\.2, A\.3: empty — scored 0 points \(missing: zero\)$/);
    expect(lines[4]).toMatch(/ not ranked$/);
    expect(result.out).not.toMatch(/trống|không/);
    expect(result.err).toBe(`${UNITS_DIALECT}\nSCORETEST 1: 4 unit(s) scored, 3 ranked`);
    // A file keeps its Vietnamese columns and notes whatever the language of the screen.
    const out = join(dir, 'english-run.csv');
    expect((await run({ out, groups: 'region' }, 'en')).code).toBe(0);
    expect(readCsv(out).map((r) => r[r.length - 1])).toEqual([HEADER[HEADER.length - 1], ...BY_HAND.map((r) => r[r.length - 1])]);
  });

  it('writes the summary with the numbers in the language: 1.234 units in Vietnamese, 1,234 in English', async () => {
    const data = join(dir, 'many.csv');
    writeFileSync(data, ['code,A.1', ...Array.from({ length: 1234 }, (_, i) => `U${String(i).padStart(4, '0')},${i % 2}`)].join('\n'));
    const vi = await run({ data, out: join(dir, 'many-vi.csv') }, 'vi');
    const en = await run({ data, out: join(dir, 'many-en.csv') }, 'en');
    expect(vi.out).toBe(`SCORETEST 1: đã tính 1.234 đơn vị, xếp hạng 1.234; đã ghi vào ${join(dir, 'many-vi.csv')}`);
    expect(en.out).toBe(`SCORETEST 1: 1,234 unit(s) scored, 1,234 ranked; written to ${join(dir, 'many-en.csv')}`);
  });

  it('prints one JSON document with --json: every unit with rank, index, groups, pillars and notes as numbers, nothing on stderr', async () => {
    const result = await run({ groups: 'region' }, 'vi', true);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    const doc = JSON.parse(result.out) as Record<string, unknown> & { units: Record<string, unknown>[] };
    expect(doc).toMatchObject({
      ok: true,
      framework: { code: 'SCORETEST', version: '1' },
      data: { file: 'units.csv', dialect: { separator: ',', decimalComma: false, bom: true } },
      scored: 4,
      ranked: 3,
      written: null,
    });
    // The same rows as the CSV by hand (BY_HAND), as numbers.
    const num = (cell: string) => (cell === '' ? null : Number(cell));
    expect(doc.units).toEqual(
      BY_HAND.map(([rank, code, name, index, a, b, p, note]) => ({
        rank: num(rank),
        code,
        name,
        index: num(index),
        nodes: { A: num(a), B: num(b) },
        pillars: { P: num(p) },
        note,
      })),
    );
  });

  it('refuses with --json as a document: ok false and each problem with row, column and message (in --lang); exit 1', async () => {
    const data = join(dir, 'bad-json.csv');
    writeFileSync(data, 'code,A.2\n79,120\n,1\n');
    const result = await run({ data }, 'en', true);
    expect(result.code).toBe(1);
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({
      ok: false,
      file: 'bad-json.csv',
      dialect: { separator: ',', decimalComma: false, bom: false },
      problems: [
        { row: 2, column: 'A.2', message: '120 is outside 0..100' },
        { row: 3, column: 'code', message: 'the unit code is missing' },
      ],
    });
    expect(JSON.parse((await run({ data: join(dir, 'units.xls') }, 'en', true)).out)).toEqual({
      ok: false,
      option: '--data',
      error: { message: 'the data file must be .csv or .xlsx' },
    });
    const vi = JSON.parse((await run({ data }, 'vi', true)).out) as { problems: unknown[] };
    expect(vi.problems).toEqual([
      { row: 2, column: 'A.2', message: '120 nằm ngoài 0..100' },
      { row: 3, column: 'code', message: 'thiếu mã đơn vị' },
    ]);
  });

  it('lists every problem of the data with row and column, exits 1 and writes nothing', async () => {
    const data = join(dir, 'bad.csv');
    writeFileSync(
      data,
      [
        'code,name,region,A.1,A.2,A.3.numerator,A.3.denominator,B.1,B.2,B.3,B.4,Population',
        '79,Alpha,Nam,yes,80,30,40,full,12,5,50,10',
        '48,Beta,Nam,0,120,10,10,maybe,abc,8,20,2',
        '79,Again,Nam,1,50,1,2,none,3,2,2,1',
        ',No code,Bắc,1,1,1,1,none,1,1,1,1',
      ].join('\n'),
    );
    const out = join(dir, 'never.csv');
    const result = await run({ data, out });
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toEqual([
      "note: bad.csv: CSV UTF-8, separator ',', decimal mark '.', no BOM",
      'bad.csv: 7 problem(s); nothing was written:',
      '  row 1, column region: unknown column "region": not an indicator of SCORETEST 1, nor code, name or ranked; a group column must be declared with --groups',
      '  row 2, column A.1: "yes" is not a yes/no value: write true/false, 1/0 or có/không',
      '  row 3, column A.2: 120 is outside 0..100',
      '  row 3, column B.1: "maybe" is not one of the options: none, partial, full',
      '  row 3, column B.2: "abc" is not a number',
      '  row 4, column code: the unit 79 is given twice: also in row 2',
      '  row 5, column code: the unit code is missing',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("scores a ';'-separated file with decimal commas and a BOM (Vietnamese-locale Excel) as the same data ','-separated, and says what it detected", async () => {
    const semicolon = await run({ data: DECIMALS_SEMICOLON_CSV, out: join(dir, 'semicolon.csv'), groups: 'region' });
    const comma = await run({ data: DECIMALS_CSV, out: join(dir, 'comma.csv'), groups: 'region' });
    expect([semicolon.code, comma.code]).toEqual([0, 0]);
    expect(semicolon.err).toBe("note: decimals-semicolon.csv: CSV UTF-8, separator ';', decimal mark ',', with BOM");
    expect(comma.err).toBe("note: decimals.csv: CSV UTF-8, separator ',', decimal mark '.', no BOM");
    // In Vietnamese (the default), the same detection in its words.
    expect((await run({ data: DECIMALS_SEMICOLON_CSV, out: join(dir, 'semicolon-vi.csv'), groups: 'region' }, 'vi')).err).toBe(
      "ghi chú: decimals-semicolon.csv: CSV UTF-8, phân tách ';', dấu thập phân ',', có BOM",
    );
    const rows = readCsv(join(dir, 'semicolon.csv'));
    expect(rows).toEqual(readCsv(join(dir, 'comma.csv')));
    // By hand: 79 = A (10 + 8.05 + 15) + B (20 + 20 + 5.5 + 50.5 / 10) = 83.60; 01 = A 10 + B (20 + 20 + 10 + 1234.5 / 200) = 66.17.
    // "80,5" read as 805 or "1.234,5" as 1.2345 would give other indices (or a refusal).
    const index = (code: string) => rows.find((r) => r[1] === code)?.[3];
    expect([index('79'), index('01')]).toEqual(['83.60', '66.17']);
    // "Beta, Đà Nẵng" is one cell: the comma inside it is not the separator of a ';' file.
    expect(rows.find((r) => r[1] === '48')?.[2]).toBe('Beta, Đà Nẵng');
  });

  it('lists the problems of the data in Vietnamese by default: row, column and the rule broken, in one language', async () => {
    const data = join(dir, 'bad-vi.csv');
    writeFileSync(data, ['code,A.1,A.2,B.1,Extra', '79,yes,120,maybe,1', '79,1,"80,5",full,1'].join('\n'));
    const result = await run({ data }, 'vi');
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      "ghi chú: bad-vi.csv: CSV UTF-8, phân tách ',', dấu thập phân '.', không BOM",
      'bad-vi.csv: 6 lỗi; không ghi gì cả:',
      '  dòng 1, cột Extra: không rõ cột "Extra": không phải chỉ tiêu của SCORETEST 1, cũng không phải code, name hay ranked; cột nhóm phải khai báo bằng --groups',
      '  dòng 2, cột A.1: "yes" không phải giá trị có/không: viết true/false, 1/0 hoặc có/không',
      '  dòng 2, cột A.2: 120 nằm ngoài 0..100',
      '  dòng 2, cột B.1: "maybe" không phải một trong các lựa chọn: none, partial, full',
      '  dòng 3, cột code: đơn vị 79 có hai lần: cả ở dòng 2',
      '  dòng 3, cột A.2: "80,5" không phải là số (dùng dấu chấm cho phần thập phân)',
    ]);
    expect(result.err).not.toMatch(/\b(row|column|problem|unknown|not a)\b/);
    // A file that cannot be read, and options refused, in the same language.
    expect((await run({ data: join(dir, 'absent.csv') }, 'vi')).err).toBe('absent.csv: không đọc được tệp (ENOENT)');
    expect((await run({ data: join(dir, 'units.xls') }, 'vi')).err).toBe(`--data ${join(dir, 'units.xls')}: tệp dữ liệu phải là .csv hoặc .xlsx`);
  });

  it("refuses an ambiguous \"1.234\" in a ';' file with the cell named, and a ','-file's decimal comma with a hint", async () => {
    const ambiguous = join(dir, 'ambiguous.csv');
    writeFileSync(ambiguous, 'code;A.1;A.2;B.4;Population\n79;1;1.234;1;1\n');
    const refused = await run({ data: ambiguous });
    expect(refused.code).toBe(1);
    expect(refused.err.split('\n').slice(1)).toEqual([
      'ambiguous.csv: 1 problem(s); nothing was written:',
      "  row 2, column A.2: \"1.234\" is not a number (in a file separated by ';' the comma is the decimal mark and a dot groups thousands, so 1.234 could be either: write 1234 or 1,234)",
    ]);
    const comma = join(dir, 'comma-decimal.csv');
    writeFileSync(comma, 'code,A.2\n79,"80,5"\n');
    expect((await run({ data: comma })).err).toContain('row 2, column A.2: "80,5" is not a number (use a dot for decimals)');
  });

  it('names each empty cell of a unit in Ghi chú with the policy the framework applied (zero, drop, group mean)', async () => {
    const data = join(dir, 'empty.csv');
    writeFileSync(data, ['code,region,A.1,A.2,B.1,B.2', '79,Nam,true,80,full,12', '48,Nam,,50,,7', '01,Nam,true,60,partial,'].join('\n'));
    const notes = async (missing: string): Promise<Record<string, string>> => {
      const framework = join(dir, `missing-${missing}.yaml`);
      const impute = missing === 'group_mean' ? '\n  impute: { method: group_mean, group: region }' : '';
      writeFileSync(framework, readFileSync(FRAMEWORK, 'utf8').replace('missing: zero', `missing: ${missing}`).replace('denominate: true', `denominate: true${impute}`));
      const out = join(dir, `empty-${missing}.csv`);
      const result = await run({ framework, data, out, groups: 'region' });
      expect(result).toMatchObject({ code: 0, err: expect.not.stringContaining('problem') });
      const rows = readCsv(out);
      const note = rows[0].indexOf('Ghi chú');
      return Object.fromEntries(rows.slice(1).map((r) => [r[1], r[note]]));
    };
    expect(await notes('zero')).toEqual({ '79': '', '48': 'A.1, B.1: trống — tính 0 điểm (missing: zero)', '01': 'B.2: trống — tính 0 điểm (missing: zero)' });
    expect(await notes('drop')).toEqual({
      '79': '',
      '48': 'A.1, B.1: trống — bỏ qua, chia lại trọng số (missing: drop)',
      '01': 'B.2: trống — bỏ qua, chia lại trọng số (missing: drop)',
    });
    // The mean of the units that have a value: A.1 (10 points, from 79 and 01), B.1 (20 and 10 points), B.2 (20 and 10).
    expect(await notes('group_mean')).toEqual({
      '79': '',
      '48': 'A.1: trống — thay bằng trung bình 10 (missing: group_mean by region); B.1: trống — thay bằng trung bình 15 (missing: group_mean by region)',
      '01': 'B.2: trống — thay bằng trung bình 15 (missing: group_mean by region)',
    });
  });

  it('refuses a header with no known column in one message that shows the header as read and how to save the file', async () => {
    const data = join(dir, 'pipes.csv');
    writeFileSync(data, 'code|name|A.1\n79|Alpha|1\n');
    const result = await run({ data });
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      "note: pipes.csv: CSV UTF-8, separator ',', decimal mark '.', no BOM",
      'pipes.csv: 1 problem(s); nothing was written:',
      `  row 1: no column of the header is known to SCORETEST 1: row 1 was read as 1 column(s) separated by ',': "code|name|A.1"; in Excel save the file as "CSV UTF-8 (Comma delimited)" (or with ';' as the separator), or as .xlsx`,
    ]);
  });

  it('refuses a broken framework file with its issues, and files of the wrong kind, before reading data', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(FRAMEWORK, 'utf8').replace('target: 100', 'target: -1'));
    const result = await run({ framework: broken, out: join(dir, 'x.csv') });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^broken\.yaml: \d+ problem\(s\) in the framework file:\n {2}line \d+: nodes\[0\]\.children\[1\]\.scoring\.target: /);

    expect((await run({ data: join(dir, 'units.xls') })).err).toBe(`--data ${join(dir, 'units.xls')}: the data file must be .csv or .xlsx`);
    expect((await run({ out: join(dir, 'x.txt') })).err).toBe(`--out ${join(dir, 'x.txt')}: the output must be .csv or .xlsx`);
    expect((await run({ out: UNITS_CSV })).err).toContain('the output would overwrite the data file');
    expect((await run({ data: join(dir, 'absent.csv') })).err).toBe('absent.csv: cannot read the file (ENOENT)');
  });
});
