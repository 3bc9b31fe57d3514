import ExcelJS from 'exceljs';
import { safeText } from '../../workbooks/safe-workbook';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { choiceEntries, NO, YES } from '../../workbooks/choice-lists';
import type { DecisionKind } from '../review-policy';
import { COL, COLUMNS, DECISION_LABELS, META, REVIEW_WORKBOOK_FORMAT, SHEETS, shownValue } from './review-workbook-layout';

export interface ReviewWorkbookRow {
  unit: { code: string; nameVi: string };
  leaf: FrameworkNode;
  self: { value: RawValue; points: number | null };
  /** One line per evidence: a citation, a link, or a file's download address in the API. */
  evidence: string[];
  decision: { decision: DecisionKind; value: RawValue; points: number | null; comment: string | null; version: number } | null;
}

export interface ReviewWorkbookInput {
  framework: Framework;
  cycle: { id: string; year: number; nameVi: string };
  reviewer: { id: string; email: string };
  rows: ReviewWorkbookRow[];
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/**
 * A reviewer's workbook: one row per assigned unit × indicator the unit answers, with the self value and points and
 * the evidence, and cells for the reviewer's decision (a dropdown), value, points and comment, prefilled with its
 * current decision. The hidden version column lets the upload refuse a row whose decision changed since. All text is
 * written through safeText, never as a formula; protection guides, the parser checks every cell.
 */
export async function buildReviewWorkbook(input: ReviewWorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nền tảng đánh giá DTI';
  workbook.title = safeText(`Thẩm định ${input.framework.code} ${input.cycle.year}`);
  const guide = workbook.addWorksheet(SHEETS.guide);
  const sheet = workbook.addWorksheet(SHEETS.review, { views: [{ state: 'frozen', xSplit: 3, ySplit: 1, topLeftCell: 'D2', activeCell: 'I2' }] });
  const lists = workbook.addWorksheet(SHEETS.lists, { state: 'veryHidden' });
  const meta = workbook.addWorksheet(SHEETS.meta, { state: 'veryHidden' });

  guide.getColumn(1).width = 110;
  for (const line of [
    `Phiếu thẩm định — ${input.cycle.nameVi} (năm số liệu ${input.cycle.year})`,
    `Thành viên hội đồng: ${input.reviewer.email}; bộ chỉ số ${input.framework.code} ${input.framework.version}; ${input.rows.length} dòng.`,
    '',
    `Mỗi dòng là một chỉ tiêu của một đơn vị được phân công. Chỉ điền bốn cột nền vàng: "Quyết định", "Giá trị thẩm định", "Điểm thẩm định", "Nhận xét".`,
    `Quyết định: "${DECISION_LABELS.accept}" (giữ giá trị tự đánh giá), "${DECISION_LABELS.adjust}" (ghi giá trị mới, hoặc điểm với chỉ tiêu do hội đồng chấm; bắt buộc có nhận xét), "${DECISION_LABELS.clarify}" (ghi câu hỏi vào "Nhận xét").`,
    `Giá trị: Có/Không; lựa chọn theo danh sách; số dùng dấu chấm thập phân; nhiều thành phần ghi "tên=giá trị; tên=giá trị". Không dùng công thức.`,
    'Dòng để trống cột "Quyết định" được bỏ qua. Tệp được áp dụng toàn bộ hoặc không áp dụng gì; mọi ô sai được báo cáo.',
    'Không sửa cột "Phiên bản": nếu quyết định đã thay đổi sau khi tải tệp, dòng đó bị từ chối để không ghi đè.',
  ]) {
    const row = guide.addRow([safeText(line)]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  guide.getRow(1).font = { bold: true, size: 14 };

  const labels = Object.values(DECISION_LABELS);
  labels.forEach((l, i) => (lists.getCell(i + 1, 1).value = l));
  const decisionList = `'${SHEETS.lists}'!$A$1:$A$${labels.length}`;
  lists.getCell(1, 2).value = YES;
  lists.getCell(2, 2).value = NO;
  const choiceLists = new Map<string, string>();
  const listFor = (leaf: FrameworkNode): string | undefined => {
    if (leaf.input?.type === 'boolean') return `'${SHEETS.lists}'!$B$1:$B$2`;
    if (leaf.input?.type !== 'choice') return undefined;
    const items = choiceEntries(leaf).map((c) => c.shown);
    const id = JSON.stringify(items);
    if (!choiceLists.has(id)) {
      const column = choiceLists.size + 3;
      items.forEach((item, i) => (lists.getCell(i + 1, column).value = safeText(item)));
      const letter = lists.getColumn(column).letter;
      choiceLists.set(id, `'${SHEETS.lists}'!$${letter}$1:$${letter}$${items.length}`);
    }
    return choiceLists.get(id);
  };

  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = HEADER_FILL));
  sheet.getColumn(COL.version).hidden = true;
  input.rows.forEach((row, i) => {
    const r = sheet.getRow(i + 2);
    const leaf = row.leaf;
    r.getCell(COL.unitCode).value = safeText(row.unit.code);
    r.getCell(COL.unitName).value = safeText(row.unit.nameVi);
    r.getCell(COL.code).value = safeText(leaf.code);
    r.getCell(COL.name).value = safeText(leaf.name.vi);
    r.getCell(COL.maxPoints).value = leaf.maxPoints ?? 0;
    const self = shownValue(leaf, row.self.value);
    if (self !== null) r.getCell(COL.selfValue).value = typeof self === 'string' ? safeText(self) : self;
    if (row.self.points !== null) r.getCell(COL.selfPoints).value = row.self.points;
    r.getCell(COL.evidence).value = safeText(row.evidence.join('\n'));
    r.getCell(COL.evidence).alignment = { wrapText: true, vertical: 'top' };
    for (const key of ['decision', 'value', 'points', 'comment'] as const) {
      const cell = r.getCell(COL[key]);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    r.getCell(COL.decision).dataValidation = { type: 'list', allowBlank: true, showErrorMessage: true, formulae: [decisionList] };
    const list = listFor(leaf);
    if (list) r.getCell(COL.value).dataValidation = { type: 'list', allowBlank: true, showErrorMessage: true, formulae: [list] };
    if (leaf.input?.type !== 'number' && leaf.input?.type !== 'integer' && leaf.input?.type !== 'percent') r.getCell(COL.value).numFmt = '@';
    r.getCell(COL.comment).numFmt = '@';
    const d = row.decision;
    r.getCell(COL.version).value = d?.version ?? 0;
    if (d) {
      r.getCell(COL.decision).value = DECISION_LABELS[d.decision];
      if (d.decision === 'adjust') {
        const shown = shownValue(leaf, d.value);
        if (shown !== null) r.getCell(COL.value).value = typeof shown === 'string' ? safeText(shown) : shown;
        if (leaf.scoring?.rule === 'manual' && d.points !== null) r.getCell(COL.points).value = d.points;
      }
      if (d.comment) r.getCell(COL.comment).value = safeText(d.comment);
    }
  });

  for (const [key, value] of [
    [META.format, REVIEW_WORKBOOK_FORMAT],
    [META.cycleId, input.cycle.id],
    [META.cycleYear, input.cycle.year],
    [META.reviewerId, input.reviewer.id],
    [META.reviewerEmail, safeText(input.reviewer.email)],
    [META.frameworkCode, safeText(input.framework.code)],
    [META.frameworkVersion, safeText(input.framework.version)],
  ] as Array<[string, string | number]>) {
    meta.addRow([key, value]);
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true });
  await lists.protect('', {});
  await meta.protect('', {});
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
