import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Framework } from '../engine/framework.model';
import { SCORE_CARD_SHEET, scoreCardFileName, writeScoreCardWorkbook, type ScoreCardWorkbookData } from './score-card-workbook';

const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2022,
  name: { vi: 'Thử' },
  source: 's',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  nodes: [
    {
      code: 'G',
      name: { vi: 'Nhóm' },
      children: [
        { code: 'A', name: { vi: 'A' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 }, source: 'self' },
        { code: 'B', name: { vi: 'B' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 }, source: 'system' },
      ],
    },
  ],
};
const r = (value: number, points: number) => ({ value, points, maxPoints: 10, contribution: points / 20, rank: 1 });

function card(reviewed?: ScoreCardWorkbookData['reviewed']): ScoreCardWorkbookData {
  return {
    publication: { id: 'p', year: 2022, level: 'province', version: 2, sha256: 'b'.repeat(64), publishedAt: new Date() },
    framework: { code: 'T', version: '1', nameVi: 'Thử', document: framework },
    unit: { code: '48', nameVi: '=Đà Nẵng', unitGroup: null },
    result: { index: 0.6, rank: 1, groupRank: null, ranked: true, nodes: { G: { ...r(0.6, 12), maxPoints: 20 }, A: r(0.5, 5), B: r(0.7, 7) }, pillars: {} },
    unitCount: 2,
    answers: { A: { value: 40, note: '+84 905', selfPoints: null }, B: { value: 10, note: null, selfPoints: null } },
    systemValues: { B: 70 },
    reviewed,
  };
}

async function written(data: ScoreCardWorkbookData): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const bytes = buffer(out);
  await writeScoreCardWorkbook(data, out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

async function rows(data: ScoreCardWorkbookData): Promise<Map<string, unknown[]>> {
  const ws = (await written(data)).getWorksheet(SCORE_CARD_SHEET)!;
  expect(ws.getCell('A1').value).toBe('=Đà Nẵng (48) — Thử năm 2022');
  const map = new Map<string, unknown[]>();
  ws.eachRow((row, n) => {
    if (n > 3) map.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
  });
  return map;
}

describe('writeScoreCardWorkbook', () => {
  it('self, system, reviewed and final values: reviewed defaults to self, a system value is final', async () => {
    const m = await rows(card());
    // Mã, Tên, Cấp, Loại, Nguồn, tự đánh giá, hệ thống, thẩm định, cuối cùng, tự chấm, tỷ lệ, điểm, tối đa, đóng góp, hạng, ghi chú
    expect(m.get('A')!.slice(0, 16)).toEqual(['A', 'A', 2, 'Chỉ tiêu', 'tự đánh giá', 40, undefined, 40, 40, undefined, 0.5, 5, 10, 0.25, 1, '+84 905']);
    expect(m.get('B')!.slice(5, 9)).toEqual([10, 70, 10, 70]);
    expect(m.get('T')!.slice(10, 15)).toEqual([0.6, 12, 20, 0.6, 1]);
  });

  it('takes reviewed values when a review provides them, over a system value too (as scoring does)', async () => {
    const m = await rows(card({ A: 55, B: 65 }));
    expect(m.get('A')!.slice(5, 9)).toEqual([40, undefined, 55, 55]);
    expect(m.get('B')!.slice(5, 9)).toEqual([10, 70, 65, 65]);
  });

  it('shows no rank on the card of a level\'s only unit (the nation): a score card, not a ranking of one', async () => {
    const wb = await written({ ...card(), unitCount: 1 });
    const ws = wb.getWorksheet(SCORE_CARD_SHEET)!;
    expect(ws.getCell('A2').value).toBe('Chỉ số DTI 0.6 · phiên bản công bố 2');
    const rankColumn = (ws.getRow(3).values as unknown[]).indexOf('Hạng');
    ws.eachRow((row, n) => {
      if (n > 3) expect([row.getCell(1).value, row.getCell(rankColumn).value]).toEqual([row.getCell(1).value, null]);
    });
    const info = new Map(wb.getWorksheet('Thông tin')!.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect([info.get('Hạng'), info.get('Số đơn vị')]).toEqual([undefined, 1]);
    // Of two units, the same card ranks.
    expect((await rows(card())).get('T')![14]).toBe(1);
  });

  it("gives a ministry its one rank, its group's, out of its group's units, with the group named", async () => {
    const ministry = card();
    ministry.unit = { code: 'VTV', nameVi: 'Đài Truyền hình Việt Nam', unitGroup: 'without_public_services' };
    ministry.result = { ...ministry.result, rank: 3, groupRank: 3 };
    const wb = await written({ ...ministry, unitCount: 6 });
    expect(wb.getWorksheet(SCORE_CARD_SHEET)!.getCell('A2').value).toBe(
      'Chỉ số DTI 0.6 · hạng 3/6 trong nhóm bộ, ngành không cung cấp dịch vụ công · phiên bản công bố 2',
    );
    const info = new Map(wb.getWorksheet('Thông tin')!.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect([info.get('Nhóm'), info.get('Hạng trong nhóm'), info.get('Số đơn vị trong nhóm'), info.has('Hạng')]).toEqual([
      'Nhóm bộ, ngành không cung cấp dịch vụ công',
      3,
      6,
      false,
    ]);
  });

  it('names the file in ASCII', () => {
    expect(scoreCardFileName({ year: 2022, level: 'province', version: 2 }, 'BTTTT')).toBe('dti-2022-province-v2-btttt-score-card.xlsx');
  });

  it('prints as the ranking workbook does: landscape, one page wide, the header row on every page, the source and the day published in the footer; no identifier in the title rows', async () => {
    const ws = (await written({ ...card(), publication: { ...card().publication, publishedAt: new Date('2023-07-11T20:00:00Z') } })).getWorksheet(SCORE_CARD_SHEET)!;
    expect(ws.pageSetup).toEqual(expect.objectContaining({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' }));
    expect(ws.headerFooter.oddFooter).toBe('&LNguồn: Thử năm 2022, phiên bản công bố 2&CTrang &P/&N&RCông bố ngày 12/07/2023');
    for (const cell of ['A1', 'A2']) expect(String(ws.getCell(cell).value)).not.toMatch(/[0-9a-f]{64}|SHA-256/);
  });
});
