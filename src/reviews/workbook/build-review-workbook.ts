import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { ChoiceLists, choiceEntries, listValidation, NO, YES } from '../../workbooks/choice-lists';
import { choiceListSheet, metaSheet } from '../../workbooks/hidden-sheets';
import { cell, type KeyValueSpec, type RowCells, type SheetSpec } from '../../workbooks/sheet-spec';
import { FILL_IN_PROTECTION, LIGHT_HEADER_FILL, SECOND_SHEET_ACTIVE, TEXT_FORMAT } from '../../workbooks/workbook-styles';
import { workbookBuffer } from '../../workbooks/write-workbook';
import type { DecisionKind } from '../review-policy';
import { COLUMNS, DECISION_LABELS, META, REVIEW_WORKBOOK_FORMAT, SHEETS, shownValue } from './review-workbook-layout';

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

/**
 * A reviewer's workbook: one row per assigned unit × indicator the unit answers, with the self value and points and
 * the evidence, and cells for the reviewer's decision (a dropdown), value, points and comment, prefilled with its
 * current decision. The hidden version column lets the upload refuse a row whose decision changed since. All text is
 * written through safeText, never as a formula; protection guides, the parser checks every cell.
 */
export async function buildReviewWorkbook(input: ReviewWorkbookInput): Promise<Buffer> {
  const lists = new ChoiceLists(SHEETS.lists);
  const decisions = lists.rangeOf(Object.values(DECISION_LABELS));
  // Column B holds Có/Không whether or not a yes/no indicator is in the file; the choice lists follow from C.
  lists.rangeOf([YES, NO]);
  const valueLists = new Map(input.rows.map((row) => [row.leaf, valueListOf(row.leaf, lists)]));
  return workbookBuffer({
    creator: 'Nền tảng đánh giá DTI',
    title: `Thẩm định ${input.framework.code} ${input.cycle.year}`,
    sheets: [guideSheet(input), reviewSheet(input.rows, decisions, valueLists), choiceListSheet(lists), reviewMeta(input)],
    views: [SECOND_SHEET_ACTIVE],
  });
}

/** "Hướng dẫn": one line a row, the first as a title. */
function guideSheet(input: ReviewWorkbookInput): SheetSpec<{ line: string; title: boolean }> {
  const lines = [
    `Phiếu thẩm định — ${input.cycle.nameVi} (năm số liệu ${input.cycle.year})`,
    `Thành viên hội đồng: ${input.reviewer.email}; bộ chỉ số ${input.framework.code} ${input.framework.version}; ${input.rows.length} dòng.`,
    '',
    `Mỗi dòng là một chỉ tiêu của một đơn vị được phân công. Chỉ điền bốn cột nền vàng: "Quyết định", "Giá trị thẩm định", "Điểm thẩm định", "Nhận xét".`,
    `Quyết định: "${DECISION_LABELS.accept}" (giữ giá trị tự đánh giá), "${DECISION_LABELS.adjust}" (ghi giá trị mới, hoặc điểm với chỉ tiêu do hội đồng chấm; bắt buộc có nhận xét), "${DECISION_LABELS.clarify}" (ghi câu hỏi vào "Nhận xét").`,
    `Giá trị: Có/Không; lựa chọn theo danh sách; số dùng dấu chấm thập phân; nhiều thành phần ghi "tên=giá trị; tên=giá trị". Không dùng công thức.`,
    'Dòng để trống cột "Quyết định" được bỏ qua. Tệp được áp dụng toàn bộ hoặc không áp dụng gì; mọi ô sai được báo cáo.',
    'Không sửa cột "Phiên bản": nếu quyết định đã thay đổi sau khi tải tệp, dòng đó bị từ chối để không ghi đè.',
  ];
  return {
    name: SHEETS.guide,
    header: 'none',
    columns: [{ header: '', width: 110, kind: 'text', style: { alignment: { wrapText: true, vertical: 'top' } } }],
    rows: lines.map((line, i) => ({ line, title: i === 0 })),
    row: ({ line, title }) => [title ? cell(line, { font: { bold: true, size: 14 } }) : line],
  };
}

/** The list a leaf's reviewed value is chosen from: Có/Không, or its choices; none for numbers and text. */
function valueListOf(leaf: FrameworkNode, lists: ChoiceLists): string | undefined {
  if (leaf.input?.type === 'boolean') return lists.rangeOf([YES, NO]);
  if (leaf.input?.type !== 'choice') return undefined;
  return lists.rangeOf(choiceEntries(leaf).map((c) => c.shown));
}

/** "Thẩm định": what the unit answered, then the reviewer's four cells, then the hidden version. */
function reviewSheet(rows: ReviewWorkbookRow[], decisions: string, valueLists: Map<FrameworkNode, string | undefined>): SheetSpec<ReviewWorkbookRow> {
  const input = new Set<string>(['decision', 'value', 'points', 'comment']);
  return {
    name: SHEETS.review,
    header: { font: { bold: true }, fill: LIGHT_HEADER_FILL },
    frozen: { columns: 3, topLeftCell: 'D2', activeCell: 'I2' },
    columns: COLUMNS.map((c) => ({
      header: c.header,
      width: c.width,
      ...(input.has(c.key) ? { input: true } : {}),
      ...(c.key === 'evidence' ? { kind: 'text' as const, style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
      ...(c.key === 'decision' ? { validation: listValidation(decisions) } : {}),
      ...(c.key === 'comment' ? { kind: 'text' as const, numFmt: TEXT_FORMAT } : {}),
      ...(c.key === 'version' ? { hidden: true } : {}),
    })),
    rows,
    row: (row) => reviewCells(row, valueLists.get(row.leaf)),
    protect: { ...FILL_IN_PROTECTION, autoFilter: true },
  };
}

/** A row's cells in COLUMNS' order; the reviewer's cells hold the current decision, if any. */
function reviewCells(row: ReviewWorkbookRow, valueList: string | undefined): RowCells {
  const leaf = row.leaf;
  const d = row.decision;
  const adjusted = d?.decision === 'adjust';
  const numeric = leaf.input?.type === 'number' || leaf.input?.type === 'integer' || leaf.input?.type === 'percent';
  return [
    row.unit.code,
    row.unit.nameVi,
    leaf.code,
    leaf.name.vi,
    leaf.maxPoints ?? 0,
    shownValue(leaf, row.self.value),
    row.self.points,
    row.evidence.join('\n'),
    d ? DECISION_LABELS[d.decision] : null,
    cell(adjusted ? shownValue(leaf, d.value) : null, { ...(valueList ? { validation: listValidation(valueList) } : {}), ...(numeric ? {} : { numFmt: TEXT_FORMAT }) }),
    adjusted && leaf.scoring?.rule === 'manual' ? d.points : null,
    d?.comment || null,
    d?.version ?? 0,
  ];
}

function reviewMeta(input: ReviewWorkbookInput): KeyValueSpec {
  return metaSheet([
    [META.format, REVIEW_WORKBOOK_FORMAT],
    [META.cycleId, input.cycle.id],
    [META.cycleYear, input.cycle.year],
    [META.reviewerId, input.reviewer.id],
    [META.reviewerEmail, input.reviewer.email],
    [META.frameworkCode, input.framework.code],
    [META.frameworkVersion, input.framework.version],
  ]);
}
