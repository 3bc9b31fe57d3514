import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Framework } from '../engine/framework.model';
import { DETAIL_SHEET, INFO_SHEET, METHOD_SHEET, RANKING_SHEET, rankingFileName, writeRankingWorkbook, type RankingWorkbookData, type RankingWorkbookUnit } from './ranking-workbook';

const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2022,
  name: { vi: 'Bộ chỉ số thử' },
  source: '=cmd|"/c calc"!A1 nguồn',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  nodes: [
    {
      code: 'I',
      name: { vi: 'Nhóm một' },
      children: [
        { code: 'A', name: { vi: 'Chỉ số A' }, children: [{ code: 'A.1', name: { vi: '=SUM(1,2)' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' }, illustrative: true }] },
        { code: 'B', name: { vi: 'Chỉ số B' }, children: [{ code: 'B.1', name: { vi: 'B một' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } }] },
      ],
    },
  ],
  pillars: [{ code: 'P', name: { vi: 'Trụ cột' }, members: [{ node: 'A' }] }],
};

const node = (value: number, points: number, rank = 1) => ({ value, points, maxPoints: 10, contribution: points / 20, rank });

function data(): RankingWorkbookData {
  return {
    publication: { id: 'p1', year: 2022, level: 'province', version: 1, sha256: 'a'.repeat(64), publishedAt: new Date('2023-07-12T03:00:00Z'), reason: null },
    framework: { code: 'T', version: '1', nameVi: 'Bộ chỉ số thử', document: framework },
    units: [
      {
        code: '01',
        nameVi: '=HYPERLINK("http://x")',
        unitGroup: null,
        ranked: true,
        rank: 1,
        groupRank: null,
        index: 0.75,
        previous: { value: 0.7, rank: 2 },
        nodes: { I: node(0.75, 15), A: node(1, 10), B: node(0.512345, 5.12345), 'A.1': node(1, 10), 'B.1': node(0.512345, 5.12345) },
        pillars: { P: node(1, 10) },
      },
      {
        code: '02',
        nameVi: 'Hà Nội',
        unitGroup: null,
        ranked: true,
        rank: 2,
        groupRank: null,
        index: 0.25,
        previous: null,
        nodes: { I: node(0.25, 5, 2), A: node(0, 0, 2), B: node(0.5, 5, 2), 'A.1': node(0, 0, 2), 'B.1': node(0.5, 5, 2) },
        pillars: { P: node(0, 0, 2) },
      },
    ],
  };
}

describe('writeRankingWorkbook', () => {
  it('writes the sheets, headers, formats and values, with formula-looking text as strings', async () => {
    const out = new PassThrough();
    const bytes = buffer(out);
    const progress: number[] = [];
    await writeRankingWorkbook(data(), out, (f) => void progress.push(f));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([RANKING_SHEET, 'I. Nhóm một', 'P. Trụ cột', DETAIL_SHEET, METHOD_SHEET, INFO_SHEET]);

    const ranking = wb.getWorksheet(RANKING_SHEET)!;
    const header = ranking.getRow(3).values as unknown[];
    expect(header.slice(1)).toEqual([
      'Hạng', 'Mã', 'Đơn vị', 'Chỉ số DTI', 'Trụ cột (P)', 'Nhóm một (I)', 'Chỉ số A (A)', 'Chỉ số B (B)',
      'Hạng năm trước', 'Thay đổi hạng', 'Chỉ số năm trước', 'Thay đổi',
    ]);
    expect(ranking.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 3 });
    expect(ranking.autoFilter).toBeTruthy();
    const first = ranking.getRow(4);
    expect(first.getCell(3).value).toBe('=HYPERLINK("http://x")');
    expect(first.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(4).value).toBe(0.75);
    expect(first.getCell(4).numFmt).toBe('0.0000');
    expect(first.getCell(8).value).toBe(0.5123);
    expect([first.getCell(9).value, first.getCell(10).value, first.getCell(11).value, first.getCell(12).value]).toEqual([2, 1, 0.7, 0.05]);
    expect(ranking.getRow(5).getCell(9).value).toBeNull();
    const cf = (ranking as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    expect(cf.map((c) => c.ref)).toContain('D4:D5');
    expect(cf[0].rules[0].type).toBe('colorScale');

    const detail = wb.getWorksheet(DETAIL_SHEET)!;
    expect((detail.getRow(2).values as unknown[]).slice(1)).toEqual(['Hạng', 'Mã', 'Đơn vị', 'Chỉ số DTI', 'A.1 – Giá trị', 'A.1 – Điểm', 'B.1 – Giá trị', 'B.1 – Điểm']);
    // Values and points rounded to the framework's precision (4), as the index is.
    expect((detail.getRow(3).values as unknown[]).slice(5)).toEqual([1, 10, 0.5123, 5.1235]);
    expect(detail.getRow(3).getCell(8).numFmt).toBe('0.0000');

    const method = wb.getWorksheet(METHOD_SHEET)!;
    expect(method.getCell('A2').value).toBe('Nguồn: =cmd|"/c calc"!A1 nguồn');
    const leaf = method.getRow(6);
    expect([leaf.getCell(1).value, leaf.getCell(2).value, leaf.getCell(13).value]).toEqual(['A.1', '=SUM(1,2)', 'Có']);
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(progress.at(-1)).toBe(1);
  });

  it('ranks a grouped publication on a sheet per group, named in Vietnamese, by the group rank with ties shared and last year\'s within the group, the group beside each unit of the detail sheet', async () => {
    const mdti: Framework = {
      ...framework,
      level: 'ministry',
      nodes: [
        { code: 'NT', name: { vi: 'Nhận thức số' }, children: [{ code: 'NT.01', name: { vi: 'Một' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }] },
        { code: 'HT', name: { vi: 'Hạ tầng số' }, children: [{ code: 'HT.01', name: { vi: 'Hai' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } }] },
      ],
      pillars: undefined,
    };
    // As a ministry cycle ranks (rankAcrossGroups: false): the rank is the group's.
    const unit = (code: string, group: string, index: number, groupRank: number, previous: number | null) => ({
      code,
      nameVi: `Bộ ${code}`,
      unitGroup: group,
      ranked: true,
      rank: groupRank,
      groupRank,
      index,
      previous: previous === null ? null : { value: previous, rank: groupRank },
      nodes: { NT: node(index, index * 10), HT: node(index / 2, index * 5), 'NT.01': node(index, index * 10), 'HT.01': node(index / 2, index * 5) },
      pillars: {},
    });
    const [withPs, withoutPs] = ['with_public_services', 'without_public_services'];
    const grouped: RankingWorkbookData = {
      ...data(),
      publication: { ...data().publication, level: 'ministry', year: 2023 },
      framework: { code: 'MDTI', version: '1', nameVi: 'Bộ chỉ số cấp bộ', document: mdti },
      // In the order the publication reads them (rank, index, code): the groups interleave.
      units: [
        unit('BTC', withPs, 0.8, 1, 0.75),
        unit('VTV', withoutPs, 0.7, 1, null),
        unit('BCT', withPs, 0.6, 2, 0.6),
        unit('BNV', withPs, 0.6, 2, 0.65),
        unit('UBDT', withoutPs, 0.5, 2, 0.4),
        unit('NHNN', withPs, 0.4, 4, 0.5),
      ],
    };
    const out = new PassThrough();
    const bytes = buffer(out);
    await writeRankingWorkbook(grouped, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Có cung cấp dịch vụ công', 'Không cung cấp dịch vụ công', DETAIL_SHEET, METHOD_SHEET, INFO_SHEET]);

    const rows = (ws: ExcelJS.Worksheet) => ws.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1));
    const withSheet = wb.getWorksheet('Có cung cấp dịch vụ công')!;
    expect(withSheet.getCell('A1').value).toBe('Nhóm bộ, ngành có cung cấp dịch vụ công — Bộ chỉ số thử năm 2023');
    expect((withSheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      'Hạng trong nhóm', 'Mã', 'Đơn vị', 'Chỉ số DTI', 'Nhận thức số (NT)', 'Hạ tầng số (HT)', 'Hạng năm trước', 'Thay đổi hạng', 'Chỉ số năm trước', 'Thay đổi',
    ]);
    expect(withSheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 3 });
    // Ties share the group rank (BCT and BNV second, NHNN fourth); last year's rank within the group from last year's
    // values of the group's units (BTC 0.75, BNV 0.65, BCT 0.6, NHNN 0.5), last year's index and the changes.
    expect(rows(withSheet)).toEqual([
      [1, 'BTC', 'Bộ BTC', 0.8, 0.8, 0.4, 1, 0, 0.75, 0.05],
      [2, 'BCT', 'Bộ BCT', 0.6, 0.6, 0.3, 3, 1, 0.6, 0],
      [2, 'BNV', 'Bộ BNV', 0.6, 0.6, 0.3, 2, 0, 0.65, -0.05],
      [4, 'NHNN', 'Bộ NHNN', 0.4, 0.4, 0.2, 4, 0, 0.5, -0.1],
    ]);
    const withoutSheet = wb.getWorksheet('Không cung cấp dịch vụ công')!;
    expect(withoutSheet.getCell('A1').value).toBe('Nhóm bộ, ngành không cung cấp dịch vụ công — Bộ chỉ số thử năm 2023');
    expect(rows(withoutSheet).map((r) => [r[0], r[1], r[6], r[7], r[8], r[9]])).toEqual([
      [1, 'VTV', undefined, undefined, undefined, undefined],
      [2, 'UBDT', 1, -1, 0.4, 0.1],
    ]);

    const detail = wb.getWorksheet(DETAIL_SHEET)!;
    expect((detail.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['Hạng trong nhóm', 'Mã', 'Đơn vị', 'Nhóm', 'Chỉ số DTI']);
    expect(detail.views[0]).toMatchObject({ state: 'frozen', xSplit: 4 });
    expect((detail.getRow(3).values as unknown[]).slice(1)).toEqual([1, 'BTC', 'Bộ BTC', 'Có cung cấp dịch vụ công', 0.8, 0.8, 8, 0.4, 4]);
    // Group by group, each in its ranking's order, also where the leaves are read in batches in the publication's order.
    const byGroup = ['BTC', 'BCT', 'BNV', 'NHNN', 'VTV', 'UBDT'];
    expect(detail.getSheetValues().slice(3).map((r) => (r as unknown[])[2])).toEqual(byGroup);
    const streamed = new PassThrough();
    const streamedBytes = buffer(streamed);
    const units = grouped.units as RankingWorkbookUnit[];
    await writeRankingWorkbook(
      {
        ...grouped,
        details: async function* () {
          const leaves = (u: RankingWorkbookUnit) => ({ code: u.code, values: ['NT.01', 'HT.01'].map((c) => u.nodes[c]!.value), points: ['NT.01', 'HT.01'].map((c) => u.nodes[c]!.points) });
          yield units.slice(0, 3).map(leaves);
          yield units.slice(3).map(leaves);
        },
      },
      streamed,
    );
    const fromBatches = new ExcelJS.Workbook();
    await fromBatches.xlsx.load((await streamedBytes) as unknown as ExcelJS.Buffer);
    expect(fromBatches.getWorksheet(DETAIL_SHEET)!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(2, 9))).toEqual(
      detail.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(2, 9)),
    );

    const info = wb.getWorksheet(INFO_SHEET)!;
    const entries = new Map(info.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(entries.get('Cấp đánh giá')).toBe('bộ, ngành');
    expect(entries.get('Xếp hạng theo nhóm')).toBe('Nhóm bộ, ngành có cung cấp dịch vụ công; Nhóm bộ, ngành không cung cấp dịch vụ công');
    expect(entries.get('Số đơn vị')).toBe(6);
  });

  it('names files in ASCII', () => {
    expect(rankingFileName({ year: 2022, level: 'province', version: 1 })).toBe('dti-2022-province-v1.xlsx');
  });
});

describe('the ranking workbook fit for publication', () => {
  const PUBLICATION_ID = '3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a2b';
  const SHA = 'b'.repeat(64);
  /** Every rule and normalisation, a group collected but not scored (as Đô thị thông minh), a name carrying its year. */
  const published: Framework = {
    ...framework,
    name: { vi: 'Bộ chỉ số thử năm 2021' },
    nodes: [
      {
        code: 'I',
        name: { vi: 'Nhóm một' },
        children: [
          {
            code: 'A',
            name: { vi: 'Chỉ số A' },
            children: [
              { code: 'A.1', name: { vi: 'Có/không' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
              { code: 'A.2', name: { vi: 'Tỷ lệ' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } },
              { code: 'A.3', name: { vi: 'Ngưỡng' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'bands', bands: [{ min: 0, points: 0 }, { min: 50, points: 10 }] } },
              {
                code: 'A.4',
                name: { vi: 'Lựa chọn' },
                maxPoints: 10,
                input: { type: 'choice' },
                scoring: { rule: 'choice', options: [{ value: 'none', points: 0, label: { vi: 'Chưa triển khai' } }, { value: 'full', points: 10, label: { vi: 'Đầy đủ' } }] },
              },
              {
                code: 'A.5',
                name: { vi: 'Công thức' },
                maxPoints: 10,
                input: { type: 'numbers', names: ['numerator', 'denominator'] },
                scoring: { rule: 'formula', expression: 'denominator > 0 ? min(1, numerator / denominator) * maxPoints : 0' },
              },
              { code: 'A.6', name: { vi: 'Chuyên gia' }, maxPoints: 10, input: { type: 'text' }, scoring: { rule: 'manual' } },
              { code: 'A.7', name: { vi: 'Chuẩn hóa' }, maxPoints: 10, input: { type: 'number' }, normalization: { method: 'goalposts', min: 0, max: 50 } },
              { code: 'A.8', name: { vi: 'Min-max' }, maxPoints: 10, input: { type: 'number' }, normalization: { method: 'minmax' } },
              { code: 'A.9', name: { vi: 'Z' }, maxPoints: 10, input: { type: 'number' }, normalization: { method: 'zscore' } },
              { code: 'A.10', name: { vi: 'Mục tiêu' }, maxPoints: 10, input: { type: 'number' }, normalization: { method: 'target', target: 80 } },
            ],
          },
          { code: 'DT', name: { vi: 'Đô thị thông minh' }, maxPoints: 0, children: [{ code: 'DT.01', name: { vi: 'Thu thập' }, maxPoints: 0, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }] },
        ],
      },
    ],
    pillars: undefined,
  };
  const unit = (code: string, rank: number, index: number) => ({
    code,
    nameVi: `Tỉnh ${code}`,
    unitGroup: null,
    ranked: true,
    rank,
    groupRank: null,
    index,
    previous: null,
    nodes: { I: node(index, 463.96098958324484, rank), A: node(index, 46.396098958, rank), DT: { value: null, points: 0, rank: null }, 'A.1': node(1, 10), 'DT.01': { value: null, points: 0, rank: null } },
    pillars: {},
  });
  const publishedData = (): RankingWorkbookData => ({
    publication: { id: PUBLICATION_ID, year: 2022, level: 'province', version: 2, sha256: SHA, publishedAt: new Date('2023-07-11T20:00:00Z'), reason: 'Đính chính' },
    framework: { code: 'T', version: '1', nameVi: 'Bộ chỉ số thử năm 2021', document: published },
    units: [unit('01', 1, 0.4640), unit('02', 2, 0.3)],
    generatedAt: new Date('2023-07-12T03:00:00Z'),
  });
  const written = async (d: RankingWorkbookData) => {
    const out = new PassThrough();
    const bytes = buffer(out);
    await writeRankingWorkbook(d, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes) as unknown as ExcelJS.Buffer);
    return wb;
  };
  const texts = (ws: ExcelJS.Worksheet, rows: number[]) => rows.map((r) => String(ws.getRow(r).getCell(1).value ?? ''));

  it('prints every sheet of units and the methodology landscape, one page wide, the header row on every page, with a footer naming the source and the date', async () => {
    const wb = await written(publishedData());
    for (const name of [RANKING_SHEET, 'I. Nhóm một', DETAIL_SHEET, METHOD_SHEET]) {
      const ws = wb.getWorksheet(name)!;
      expect([name, ws.pageSetup]).toEqual([name, expect.objectContaining({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 })]);
      const header = (ws.views[0] as { ySplit?: number }).ySplit;
      expect([name, ws.pageSetup.printTitlesRow]).toEqual([name, `${header}:${header}`]);
      // The header row is the one with the columns' names.
      expect([name, ws.getRow(header!).getCell(1).value]).toEqual([name, name === METHOD_SHEET ? 'Mã' : 'Hạng']);
      // The source (the publication and its version) on the left, the page number in the middle, the day published (Vietnam time) on the right.
      expect([name, ws.headerFooter.oddFooter]).toEqual([name, '&LNguồn: Bộ chỉ số thử năm 2022, phiên bản công bố 2&CTrang &P/&N&RCông bố ngày 12/07/2023']);
    }
  });

  it('says the title once, with the data year, and keeps the identifiers (publication id, sha256) to "Thông tin"', async () => {
    const wb = await written(publishedData());
    const ranking = wb.getWorksheet(RANKING_SHEET)!;
    expect(texts(ranking, [1, 2])).toEqual(['Bộ chỉ số thử năm 2022', 'Bảng xếp hạng cấp tỉnh, thành phố · phiên bản công bố 2 (đính chính), công bố ngày 12/07/2023']);
    const identifier = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}|SHA-256/i;
    for (const ws of wb.worksheets.filter((w) => w.name !== INFO_SHEET)) {
      const header = (ws.views[0] as { ySplit: number }).ySplit;
      const titles = texts(ws, Array.from({ length: header - 1 }, (_, i) => i + 1));
      expect([ws.name, titles.filter((t) => identifier.test(t))]).toEqual([ws.name, []]);
      // The year once in each title row.
      for (const t of titles) expect([ws.name, t, t.match(/20\d\d/g)?.length ?? 0]).toEqual([ws.name, t, t.includes('20') ? 1 : 0]);
    }
    const info = new Map(wb.getWorksheet(INFO_SHEET)!.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(info.get('Mã công bố')).toBe(PUBLICATION_ID);
    expect(info.get('SHA-256 của bản công bố')).toBe(SHA);
  });

  it('rounds points to the framework\'s precision and says "không tính điểm" in a column not scored', async () => {
    const wb = await written(publishedData());
    const group = wb.getWorksheet('I. Nhóm một')!;
    const head = (group.getRow(2).values as unknown[]).slice(1);
    const row = group.getRow(3);
    // 463.96098958324484 and 46.396098958 points, to 4 decimals as the index.
    expect(row.getCell(head.indexOf('Điểm') + 1).value).toBe(463.961);
    expect(row.getCell(head.indexOf('Điểm') + 1).numFmt).toBe('0.0000');
    expect(row.getCell(head.indexOf('A – Điểm') + 1).value).toBe(46.3961);
    expect(row.getCell(head.indexOf('Đô thị thông minh (DT)') + 1).value).toBe('không tính điểm');

    const ranking = wb.getWorksheet(RANKING_SHEET)!;
    const rankingHead = (ranking.getRow(3).values as unknown[]).slice(1);
    for (const r of [4, 5]) expect(ranking.getRow(r).getCell(rankingHead.indexOf('Đô thị thông minh (DT)') + 1).value).toBe('không tính điểm');
    const detail = wb.getWorksheet(DETAIL_SHEET)!;
    const detailHead = (detail.getRow(2).values as unknown[]).slice(1);
    expect(detail.getRow(3).getCell(detailHead.indexOf('DT.01 – Giá trị') + 1).value).toBe('không tính điểm');
    expect(detail.getRow(3).getCell(detailHead.indexOf('DT.01 – Điểm') + 1).value).toBe(0);
    const info = new Map(wb.getWorksheet(INFO_SHEET)!.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(String(info.get('Lưu ý'))).toContain('"không tính điểm"');
  });

  it('writes the methodology in Vietnamese: rules, inputs, aggregations and normalisations in words, a formula with its inputs named', async () => {
    const wb = await written(publishedData());
    const method = wb.getWorksheet(METHOD_SHEET)!;
    const head = (method.getRow(3).values as unknown[]).slice(1);
    expect(head).not.toContain('Tên tiếng Anh');
    const byCode = new Map(method.getSheetValues().slice(4).map((r) => [(r as unknown[])[1], (r as unknown[]).slice(1)]));
    const rule = (code: string) => byCode.get(code)![head.indexOf('Quy tắc chấm điểm')];
    const normalisation = (code: string) => byCode.get(code)![head.indexOf('Chuẩn hóa')];
    expect(rule('A.1')).toBe('có/không: có → điểm tối đa, không → 0');
    expect(rule('A.2')).toBe('theo tỷ lệ: điểm tối đa × min(giá trị / 100, 1)');
    expect(rule('A.3')).toBe('theo ngưỡng: từ 0 → 0 điểm; từ 50 → 10 điểm');
    expect(rule('A.4')).toBe('theo lựa chọn: Chưa triển khai → 0 điểm; Đầy đủ → 10 điểm');
    expect(rule('A.5')).toBe('theo công thức: nếu mẫu số > 0 thì min(1, tử số / mẫu số) × điểm tối đa, không thì 0');
    expect(rule('A.6')).toBe('chuyên gia chấm điểm');
    expect(rule('DT')).toBe('thu thập, không tính điểm');
    expect(normalisation('A.7')).toBe('theo mốc cố định: từ 0 đến 50');
    expect(byCode.get('A.5')![head.indexOf('Kiểu dữ liệu')]).toBe('nhiều số');
    expect(byCode.get('I')![head.indexOf('Cách tổng hợp')]).toBe('cộng điểm');
    // No word of the framework file's own codes anywhere on the sheet below its title (the source is the file's text).
    const english = /\b(boolean|ratio|bands|choice|formula|manual|minmax|zscore|goalposts|target|numerator|denominator|maxPoints|points|weighted_mean|geometric_mean|percent|number|integer|numbers|text|self|expert|system|survey|required|optional|none|mean|sd)\b/;
    method.eachRow((row, n) => {
      if (n < 3) return;
      row.eachCell((c) => {
        if (typeof c.value === 'string') expect([c.address, c.value, english.test(c.value)]).toEqual([c.address, c.value, false]);
      });
    });
  });
});
