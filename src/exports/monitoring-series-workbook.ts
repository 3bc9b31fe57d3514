import type { LeagueRow, PublicLeagueTable, PublicUnitSeries, UnitMonth } from '../publications/public-series.service';
import type { ColumnSpec, KeyValueSpec, PrintSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { BANNER_HEADER } from '../workbooks/workbook-styles';
import { workbookBuffer } from '../workbooks/write-workbook';
import { num } from '../workbooks/write-cells';
import { asciiSlug, decimalsFormat } from './export-cells';
import { vietnamDate } from './export-print';
import { levelVi } from './ranking-workbook';

/**
 * The public workbooks of a monitored series (issue #21, point 5), from its published months only: a month's league
 * table ("Bảng xếp hạng": rank, unit, index, change against the month before, the target) and a unit's months ("Chuỗi
 * số liệu": index, rank, change, target, and each leaf's value with its counts). Vietnamese headers, numbers as
 * numbers at the framework's precision, printed as the published workbooks are. A level's units make a small file:
 * made in memory on request.
 */

export const LEAGUE_SHEET = 'Bảng xếp hạng';
export const UNIT_SERIES_SHEET = 'Chuỗi số liệu';

/** "2020-12" as people write it: tháng 12/2020. */
const monthVi = (month: string): string => `tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

export async function monitoringLeagueWorkbook(table: PublicLeagueTable, madeAt: Date): Promise<{ fileName: string; content: Buffer }> {
  const format = decimalsFormat(table.framework.precision);
  const title = `${table.framework.nameVi} — ${monthVi(table.month)}`;
  const print: PrintSpec = { footer: { left: `Nguồn: ${table.framework.nameVi}, ${monthVi(table.month)}, phiên bản ${table.version}`, right: `Công bố ngày ${vietnamDate(table.publishedAt)}` } };
  const league: SheetSpec<LeagueRow> = {
    name: LEAGUE_SHEET,
    title: [`${title} — ${levelVi(table.level)}`],
    header: BANNER_HEADER,
    frozen: { columns: 3 },
    autoFilter: true,
    print,
    columns: [
      { header: 'Hạng', width: 7, kind: 'number' },
      { header: 'Mã', width: 8, kind: 'text' },
      { header: 'Đơn vị', width: 30, kind: 'text' },
      { header: 'Chỉ số', width: 11, numFmt: format, kind: 'number' },
      { header: 'Tháng trước', width: 12, numFmt: format, kind: 'number' },
      { header: 'Thay đổi chỉ số', width: 14, numFmt: format, kind: 'number' },
      { header: 'Hạng tháng trước', width: 14, kind: 'number' },
      { header: 'Thay đổi hạng', width: 13, kind: 'number' },
      { header: 'Mục tiêu (lộ trình)', width: 16, numFmt: format, kind: 'number' },
    ],
    rows: table.rows,
    row: (r) => [num(r.rank), r.code, r.nameVi, num(r.index), num(r.change?.previousIndex), num(r.change?.index), num(r.change?.previousRank), num(r.change?.rank), num(table.target?.value)],
  };
  const info: KeyValueSpec = {
    name: 'Thông tin',
    styled: true,
    entries: [
      ['Bộ chỉ số', `${table.framework.nameVi} (${table.framework.code} ${table.framework.version})`],
      ['Cấp', levelVi(table.level)],
      ['Tháng', monthVi(table.month)],
      ['So với', table.previousMonth ? monthVi(table.previousMonth) : 'không có tháng trước'],
      ['Mục tiêu', table.target ? `${table.target.value ?? '-'} ngày ${table.target.at.slice(8, 10)}/${table.target.at.slice(5, 7)}/${table.target.at.slice(0, 4)}${table.target.descriptionVi ? ` — ${table.target.descriptionVi}` : ''}` : 'không có'],
      ['Phiên bản', table.version],
      ['Mã công bố', table.publicationId],
      ['SHA-256', table.sha256],
      ['Nguồn', table.framework.source],
      ['Lập lúc', madeAt],
    ],
  };
  const content = await workbookBuffer({ title, sheets: [league, info] });
  return { fileName: `theo-doi-${asciiSlug(table.series)}-${table.level}-${table.month}-v${table.version}.xlsx`, content };
}

export async function monitoringUnitSeriesWorkbook(unit: PublicUnitSeries, madeAt: Date): Promise<{ fileName: string; content: Buffer }> {
  const format = decimalsFormat(unit.framework.precision);
  const title = `${unit.framework.nameVi} — ${unit.unit.nameVi}`;
  const first = unit.months[0]?.month;
  const last = unit.months.at(-1)?.month;
  const print: PrintSpec = { footer: { left: `Nguồn: ${unit.framework.nameVi}, ${unit.unit.nameVi}`, right: `Lập ngày ${vietnamDate(madeAt)}` } };
  // Per leaf its value (a share, shown as a percent of 100 like the index) and, where it has them, its counts.
  const leafColumns: ColumnSpec[] = unit.leaves.flatMap((leaf) => [
    { header: `${leaf.code} – Giá trị`, width: 13, numFmt: format, kind: 'number' as const },
    ...(leaf.inputs ?? []).map((name) => ({ header: `${leaf.code} – ${name}`, width: 12, kind: 'number' as const })),
  ]);
  const leafCells = (m: UnitMonth): RowCells =>
    unit.leaves.flatMap((leaf) => {
      const l = m.leaves[leaf.code];
      const value = l?.value === null || l?.value === undefined ? null : l.value * unit.framework.scale;
      return [num(value), ...(leaf.inputs ?? []).map((name) => num(l?.counts?.[name]))];
    });
  const months: SheetSpec<UnitMonth> = {
    name: UNIT_SERIES_SHEET,
    title: [`${title} — ${levelVi(unit.level)}${first ? `, ${monthVi(first)} đến ${monthVi(last!)}` : ''}`],
    header: BANNER_HEADER,
    frozen: { columns: 1 },
    autoFilter: true,
    print,
    columns: [
      { header: 'Tháng', width: 10, kind: 'text' },
      { header: 'Phiên bản', width: 10, kind: 'number' },
      { header: 'Chỉ số', width: 11, numFmt: format, kind: 'number' },
      { header: 'Hạng', width: 7, kind: 'number' },
      { header: 'Thay đổi chỉ số', width: 14, numFmt: format, kind: 'number' },
      { header: 'Thay đổi hạng', width: 13, kind: 'number' },
      { header: 'Mục tiêu (lộ trình)', width: 16, numFmt: format, kind: 'number' },
      ...leafColumns,
    ],
    rows: unit.months,
    row: (m) => [m.month, m.version, num(m.index), num(m.rank), num(m.change?.index), num(m.change?.rank), num(m.target), ...leafCells(m)],
  };
  const info: KeyValueSpec = {
    name: 'Thông tin',
    styled: true,
    entries: [
      ['Bộ chỉ số', `${unit.framework.nameVi} (${unit.framework.code} ${unit.framework.version})`],
      ['Cấp', levelVi(unit.level)],
      ['Đơn vị', `${unit.unit.nameVi} (${unit.unit.code})`],
      ['Số tháng đã công bố', unit.months.length],
      ['Chỉ tiêu', unit.leaves.map((l) => `${l.code} ${l.nameVi}`).join('; ')],
      ['Mục tiêu', unit.target?.descriptionVi ?? 'không có'],
      ['Nguồn', unit.framework.source],
      ['Lập lúc', madeAt],
    ],
  };
  const content = await workbookBuffer({ title, sheets: [months, info] });
  return { fileName: `theo-doi-${asciiSlug(unit.series)}-${unit.level}-${asciiSlug(unit.unit.code)}.xlsx`, content };
}
