import type { MonthDistancesView } from '../monitoring/targets.service';
import type { UnitMonth } from '../monitoring/month-distances';
import type { ColumnSpec, KeyValueSpec, PrintSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { BANNER_HEADER } from '../workbooks/workbook-styles';
import { workbookBuffer } from '../workbooks/write-workbook';
import { num } from '../workbooks/write-cells';
import { asciiSlug, decimalsFormat } from './export-cells';
import { vietnamDate } from './export-print';
import { levelVi } from './ranking-workbook';

/**
 * A month of a monitored series against its targets, as a workbook (issue #21, point 4): "Cần đôn đốc", the units
 * behind their trajectory in the API's order (the furthest behind first); "Khoảng cách", every unit's value,
 * trajectory and distance per targeted indicator, by code; "Thông tin". Vietnamese headers, numbers as numbers at the
 * framework's precision, printed as the published workbooks are (landscape, one page wide, the header row on every
 * page, a footer naming the source and the day it was made). Small (a level's units): made in memory on request.
 */

export const LAGGARDS_SHEET = 'Cần đôn đốc';
export const DISTANCES_SHEET = 'Khoảng cách';

/** "2020-12" as people write it: tháng 12/2020. */
const monthVi = (month: string): string => `tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

export async function monitoringMonthWorkbook(view: MonthDistancesView, madeAt: Date): Promise<{ fileName: string; content: Buffer }> {
  const format = decimalsFormat(view.framework.precision);
  const title = `${view.framework.nameVi} — ${monthVi(view.month)}`;
  const print: PrintSpec = { footer: { left: `Nguồn: ${view.framework.nameVi}, ${monthVi(view.month)}`, right: `Lập ngày ${vietnamDate(madeAt)}` } };
  const indicatorColumns = (): ColumnSpec[] =>
    view.indicators.flatMap((i) => {
      const name = i.indicator === 'index' ? 'Chỉ số' : i.indicator;
      return [
        { header: `${name} – Giá trị`, width: 13, numFmt: format, kind: 'number' as const },
        { header: `${name} – Lộ trình`, width: 13, numFmt: format, kind: 'number' as const },
        { header: `${name} – Khoảng cách`, width: 15, numFmt: format, kind: 'number' as const },
      ];
    });
  const indicatorCells = (u: UnitMonth): RowCells => u.indicators.flatMap((i) => [num(i.value), num(i.trajectory), num(i.distance)]);
  const notScored = view.run === null ? ['Tháng này chưa được chấm điểm: chưa có giá trị.'] : [];

  const laggards: SheetSpec<UnitMonth> = {
    name: LAGGARDS_SHEET,
    title: [`${title} — đơn vị chậm so với lộ trình (cần đôn đốc)`, ...notScored],
    header: BANNER_HEADER,
    frozen: { columns: 3 },
    autoFilter: true,
    print,
    columns: [
      { header: 'STT', width: 6, kind: 'number' },
      { header: 'Mã', width: 8, kind: 'text' },
      { header: 'Đơn vị', width: 28, kind: 'text' },
      ...indicatorColumns(),
      { header: 'Khoảng cách lớn nhất', width: 15, numFmt: format, kind: 'number' },
    ],
    rows: view.laggards,
    row: (u) => [view.laggards.indexOf(u) + 1, u.unitCode, u.unitName, ...indicatorCells(u), num(u.worstDistance)],
  };
  const distances: SheetSpec<UnitMonth> = {
    name: DISTANCES_SHEET,
    title: [`${title} — khoảng cách tới lộ trình của mọi đơn vị (giá trị − lộ trình)`, ...notScored],
    header: BANNER_HEADER,
    frozen: { columns: 2 },
    autoFilter: true,
    print,
    columns: [
      { header: 'Mã', width: 8, kind: 'text' },
      { header: 'Đơn vị', width: 28, kind: 'text' },
      ...indicatorColumns(),
      { header: 'Chậm lộ trình', width: 12, kind: 'text' },
    ],
    rows: view.units,
    row: (u) => [u.unitCode, u.unitName, ...indicatorCells(u), u.behind ? 'Có' : 'Không'],
  };
  const info: KeyValueSpec = {
    name: 'Thông tin',
    styled: true,
    entries: [
      ['Bộ chỉ số', `${view.framework.nameVi} (${view.framework.code} ${view.framework.version})`],
      ['Cấp', levelVi(view.level)],
      ['Tháng', monthVi(view.month)],
      ['Lộ trình tính tại ngày', `${view.day.slice(8, 10)}/${view.day.slice(5, 7)}/${view.day.slice(0, 4)}`],
      ['Chỉ tiêu', view.indicators.map((i) => `${i.indicator === 'index' ? 'Chỉ số' : `${i.indicator} ${i.nameVi}`}: ${i.trajectory ?? 'chưa có lộ trình'}`).join('; ')],
      ['Số đơn vị', view.units.length],
      ['Số đơn vị cần đôn đốc', view.laggards.length],
      ['Lần chấm điểm', view.run ? view.run.id : 'chưa chấm điểm'],
      ['Số liệu đã thay đổi sau lần chấm', view.stale ? 'Có' : 'Không'],
      ['Lập lúc', madeAt],
    ],
  };
  const content = await workbookBuffer({ title, sheets: [laggards, distances, info] });
  return { fileName: `theo-doi-${asciiSlug(view.series)}-${view.level}-${view.month}.xlsx`, content };
}
