import type ExcelJS from 'exceljs';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { ChoiceLists, choiceEntries, NO, YES } from '../../workbooks/choice-lists';
import { choiceListSheet, metaSheet } from '../../workbooks/hidden-sheets';
import { safeText } from '../../workbooks/safe-workbook';
import { cell, type RowCells, type SheetSpec } from '../../workbooks/sheet-spec';
import { FILL_IN_PROTECTION, LIGHT_HEADER_FILL, SECOND_SHEET_ACTIVE, TEXT_FORMAT, THIN_BORDER } from '../../workbooks/workbook-styles';
import { workbookBuffer } from '../../workbooks/write-workbook';
import {
  allowedText,
  COLUMNS,
  MAX_TEXT_CHARS,
  META,
  partLabel,
  rangeOf,
  SHEETS,
  TEMPLATE_FORMAT,
  templateRows,
  TYPE_HELP,
  TYPE_LABELS,
  type TemplateRow,
} from './template-layout';

export interface TemplateInput {
  framework: Framework;
  cycle: { id: string; year: number; nameVi: string };
  unit: { id: string; code: string; nameVi: string };
  /** The submission version the answers were read at: an upload based on an older one can be told apart. */
  submissionVersion: number;
  answers: Record<string, { value: RawValue; note: string | null }>;
}

/** Numbers beyond this are no DTI answer; Excel's decimal validation needs bounds. */
const NUMBER_BOUND = 1e15;

/**
 * The self-assessment template of one unit's submission (issue 4, point 6): instructions, one row per answered
 * indicator with its current value, dropdowns from a hidden list sheet, number validations, only the answer and
 * note cells unlocked, and a hidden _meta sheet naming the cycle, unit, framework and submission version.
 * Every piece of user or framework text goes through safeText and is written as a string value, never a formula.
 * The sheets are protected without a password: protection guides people, it is not a security boundary (the
 * parser checks every cell it reads whatever the protection).
 */
export async function buildSubmissionTemplate(input: TemplateInput): Promise<Buffer> {
  const { framework, cycle, unit } = input;
  const rows = templateRows(framework);
  const lists = new ChoiceLists(SHEETS.lists);
  const listRanges = dropdownsOf(rows, lists);
  return workbookBuffer({
    creator: 'Nền tảng đánh giá DTI',
    title: `Tự đánh giá ${framework.code} ${cycle.year} — ${unit.nameVi}`,
    sheets: [guideSheet(input, rows.length), answersSheet(rows, input.answers, listRanges), choiceListSheet(lists), templateMeta(input)],
    views: [SECOND_SHEET_ACTIVE],
  });
}

type GuideLine = { title: string } | { label: string; text: string; bold?: boolean } | { tableHeader: [string, string] } | null;

/** "Hướng dẫn": who the file is for, how to fill it in, what each type of data accepts. */
function guideSheet(input: TemplateInput, rowCount: number): SheetSpec<GuideLine> {
  const { framework, cycle, unit } = input;
  const steps = [
    `Điền vào trang "${SHEETS.answers}": mỗi dòng là một chỉ tiêu (${rowCount} dòng). Chỉ được sửa hai cột "Giá trị" và "Ghi chú" (ô nền vàng); các cột khác bị khóa.`,
    'Gõ giá trị (không dùng công thức: ô có công thức sẽ bị từ chối, kể cả khi hiển thị đúng kết quả). Chọn giá trị trong danh sách thả xuống với các chỉ tiêu Có/Không và Lựa chọn.',
    'Để trống ô "Giá trị" nếu chưa có câu trả lời: chỉ tiêu đó sẽ để trống trong hồ sơ.',
    'Chỉ tiêu có nhiều thành phần (ví dụ tử số và mẫu số) có một dòng cho mỗi thành phần: điền đủ mọi thành phần hoặc để trống tất cả. Ghi chú của chỉ tiêu đó ghi ở dòng thành phần đầu tiên.',
    `Không đổi tên, xóa hay thêm trang; không sửa mã chỉ tiêu. Lưu tệp dạng .xlsx rồi tải lên đúng kỳ đánh giá và đơn vị ghi ở trên.`,
    'Tệp tải lên được kiểm tra toàn bộ: nếu có ô sai, không câu trả lời nào được ghi và báo cáo nêu từng ô (trang, ô, lỗi) để sửa rồi tải lại.',
    'Minh chứng (tài liệu, văn bản, đường dẫn) được nộp trên hệ thống, không qua tệp này.',
  ];
  const lines: GuideLine[] = [
    { title: `Mẫu tự đánh giá chỉ số chuyển đổi số — ${framework.name.vi}` },
    null,
    { label: 'Đơn vị', text: `${unit.nameVi} (mã ${unit.code})`, bold: true },
    { label: 'Kỳ đánh giá', text: `${cycle.nameVi} — năm số liệu ${cycle.year}` },
    { label: 'Bộ chỉ số', text: `${framework.name.vi} (${framework.code}, phiên bản ${framework.version})` },
    { label: 'Phiên bản hồ sơ', text: `Tệp này được tạo từ phiên bản ${input.submissionVersion} của hồ sơ tự đánh giá.` },
    null,
    ...steps.map((step, i) => ({ label: i === 0 ? 'Cách điền' : '', text: `${i + 1}. ${step}` })),
    null,
    { tableHeader: ['Loại dữ liệu', 'Giá trị được chấp nhận'] },
    ...(['boolean', 'choice', 'number', 'integer', 'percent', 'numbers', 'text'] as const).map((type) => ({ label: TYPE_LABELS[type], text: TYPE_HELP[type] })),
  ];
  return {
    name: SHEETS.guide,
    tabColor: 'FF2F75B5',
    header: 'none',
    columns: [{ header: '', width: 28, kind: 'text' }, { header: '', width: 100, kind: 'text' }],
    rows: lines,
    row: guideCells,
    protect: FILL_IN_PROTECTION,
  };
}

function guideCells(line: GuideLine): RowCells {
  if (line === null) return [];
  if ('title' in line) return [cell(line.title, { font: { bold: true, size: 14 } })];
  if ('tableHeader' in line) return line.tableHeader.map((h) => cell(h, { font: { bold: true }, fill: LIGHT_HEADER_FILL }));
  return [
    cell(line.label, { font: { bold: true }, alignment: { vertical: 'top' } }),
    cell(line.text, { alignment: { wrapText: true, vertical: 'top' }, ...(line.bold ? { font: { bold: true } } : {}) }),
  ];
}

/** The dropdown of each row that has one (Có/Không first, then one list per distinct choice list): row key → range. */
function dropdownsOf(rows: TemplateRow[], lists: ChoiceLists): Map<string, string> {
  const ranges = new Map<string, string>();
  lists.rangeOf([YES, NO]);
  for (const row of rows) {
    const type = row.leaf.input?.type;
    if (type === 'boolean') ranges.set(row.key, lists.rangeOf([YES, NO]));
    if (type === 'choice') {
      const items = choiceEntries(row.leaf).map((c) => c.shown);
      if (items.length > 0) ranges.set(row.key, lists.rangeOf(items));
    }
  }
  return ranges;
}

const WRAPPED = new Set<string>(['name', 'allowed', 'note', 'group']);

/** "Tự đánh giá": one row per answered leaf or part, only the value (and a leaf's first note) open. */
function answersSheet(rows: TemplateRow[], answers: TemplateInput['answers'], listRanges: Map<string, string>): SheetSpec<TemplateRow> {
  return {
    name: SHEETS.answers,
    header: { font: { bold: true }, alignment: { vertical: 'middle', wrapText: true }, height: 30, fill: LIGHT_HEADER_FILL, border: THIN_BORDER },
    frozen: { columns: 0, topLeftCell: 'A2', activeCell: 'G2' },
    columns: COLUMNS.map((c) => ({
      header: c.header,
      width: c.width,
      style: { border: THIN_BORDER, alignment: { vertical: 'top', wrapText: WRAPPED.has(c.key) } },
      ...(c.key === 'value' ? { input: true } : {}),
    })),
    rows,
    row: (row) => answerCells(row, answers[row.code], listRanges.get(row.key)),
    protect: FILL_IN_PROTECTION,
  };
}

/** A row's cells in COLUMNS' order: code, name, group, type, allowed, max points, value, note. */
function answerCells(row: TemplateRow, answer: TemplateInput['answers'][string] | undefined, listRange: string | undefined): RowCells {
  const leaf = row.leaf;
  const type = leaf.input!.type;
  const firstPart = row.part === undefined || row.part === leaf.input?.names?.[0];
  const validation = validationOf(row, listRange);
  const textual = type === 'text' || type === 'choice' || type === 'boolean';
  return [
    row.key,
    row.part === undefined ? leaf.name.vi : `${leaf.name.vi} — ${partLabel(row.part)}`,
    row.group ? `${row.group.code} — ${row.group.name.vi}` : '',
    TYPE_LABELS[type],
    allowedText(row),
    firstPart && leaf.maxPoints !== undefined ? leaf.maxPoints : null,
    cell(shownValue(leaf, row.part, answer?.value), { ...(validation ? { validation } : {}), ...(textual ? { numFmt: TEXT_FORMAT } : {}) }),
    // A numbers input has one note, on the row of its first part; the other parts' note cells stay locked.
    firstPart ? cell(answer?.note ? safeText(answer.note) : null, { input: true, numFmt: TEXT_FORMAT, validation: textLengthValidation('Ghi chú') }) : null,
  ];
}

/** The current answer as the cell shows it: Có/Không, a choice's label, a number, a part of numbers, or text. */
function shownValue(leaf: FrameworkNode, part: string | undefined, value: RawValue): string | number | null {
  if (value === null || value === undefined) return null;
  switch (leaf.input?.type) {
    case 'boolean':
      return typeof value === 'boolean' ? (value ? YES : NO) : safeText(value);
    case 'choice': {
      const entry = choiceEntries(leaf).find((c) => c.value === value);
      return entry ? safeText(entry.shown) : safeText(value);
    }
    case 'numbers': {
      if (part === undefined || typeof value !== 'object') return null;
      const n = value[part];
      return typeof n === 'number' ? n : null;
    }
    case 'text':
      return safeText(value);
    default:
      return typeof value === 'number' ? value : safeText(value);
  }
}

function textLengthValidation(what: string): ExcelJS.DataValidation {
  return {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [MAX_TEXT_CHARS],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Quá dài',
    error: `${what} tối đa ${MAX_TEXT_CHARS} ký tự.`,
  };
}

function validationOf(row: TemplateRow, listRef: string | undefined): ExcelJS.DataValidation | undefined {
  const input = row.leaf.input!;
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, showInputMessage: true };
  switch (input.type) {
    case 'boolean':
    case 'choice':
      if (!listRef) return undefined;
      return {
        ...common,
        type: 'list',
        formulae: [listRef],
        errorTitle: 'Giá trị không hợp lệ',
        error: 'Hãy chọn một giá trị trong danh sách.',
        promptTitle: row.code,
        prompt: input.type === 'boolean' ? `${YES} hoặc ${NO}` : 'Chọn trong danh sách',
      };
    case 'text':
      return textLengthValidation('Văn bản');
    default: {
      const { min, max } = rangeOf(input);
      const whole = input.type === 'integer';
      return {
        ...common,
        type: whole ? 'whole' : 'decimal',
        operator: 'between',
        formulae: [min ?? -NUMBER_BOUND, max ?? NUMBER_BOUND],
        errorTitle: 'Giá trị không hợp lệ',
        error: `${whole ? 'Số nguyên' : 'Số'}${min !== undefined ? ` từ ${min}` : ''}${max !== undefined ? ` đến ${max}` : ''}.`,
        promptTitle: row.code,
        prompt: allowedText(row),
      };
    }
  }
}

function templateMeta(input: TemplateInput) {
  return metaSheet(
    [
      [META.format, TEMPLATE_FORMAT],
      [META.cycleId, input.cycle.id],
      [META.cycleYear, input.cycle.year],
      [META.unitId, input.unit.id],
      [META.unitCode, input.unit.code],
      [META.frameworkCode, input.framework.code],
      [META.frameworkVersion, input.framework.version],
      [META.submissionVersion, input.submissionVersion],
    ],
    [20, 40],
  );
}
