import ExcelJS from 'exceljs';
import { safeText } from '../../workbooks/safe-workbook';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import {
  allowedText,
  choiceEntries,
  COL,
  COLUMNS,
  MAX_TEXT_CHARS,
  META,
  NO,
  partLabel,
  rangeOf,
  SHEETS,
  TEMPLATE_FORMAT,
  templateRows,
  TYPE_HELP,
  TYPE_LABELS,
  YES,
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

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const ANSWER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
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
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nền tảng đánh giá DTI';
  workbook.title = safeText(`Tự đánh giá ${framework.code} ${cycle.year} — ${unit.nameVi}`);

  const rows = templateRows(framework);
  const guide = workbook.addWorksheet(SHEETS.guide, { properties: { tabColor: { argb: 'FF2F75B5' } } });
  const sheet = workbook.addWorksheet(SHEETS.answers, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'G2' }] });
  const lists = workbook.addWorksheet(SHEETS.lists, { state: 'veryHidden' });
  const meta = workbook.addWorksheet(SHEETS.meta, { state: 'veryHidden' });

  writeGuide(guide, input, rows.length);
  const listRefs = writeLists(lists, rows);
  writeAnswers(sheet, rows, input.answers, listRefs);
  writeMeta(meta, input);

  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  await guide.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  await lists.protect('', {});
  await meta.protect('', {});
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeGuide(guide: ExcelJS.Worksheet, input: TemplateInput, rowCount: number): void {
  const { framework, cycle, unit } = input;
  guide.getColumn(1).width = 28;
  guide.getColumn(2).width = 100;
  const line = (label: string, text: string, bold = false): void => {
    const row = guide.addRow([safeText(label), safeText(text)]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
    if (bold) row.getCell(2).font = { bold: true };
  };
  const title = guide.addRow([safeText(`Mẫu tự đánh giá chỉ số chuyển đổi số — ${framework.name.vi}`)]);
  title.font = { bold: true, size: 14 };
  guide.addRow([]);
  line('Đơn vị', `${unit.nameVi} (mã ${unit.code})`, true);
  line('Kỳ đánh giá', `${cycle.nameVi} — năm số liệu ${cycle.year}`);
  line('Bộ chỉ số', `${framework.name.vi} (${framework.code}, phiên bản ${framework.version})`);
  line('Phiên bản hồ sơ', `Tệp này được tạo từ phiên bản ${input.submissionVersion} của hồ sơ tự đánh giá.`);
  guide.addRow([]);
  const steps = [
    `Điền vào trang "${SHEETS.answers}": mỗi dòng là một chỉ tiêu (${rowCount} dòng). Chỉ được sửa hai cột "Giá trị" và "Ghi chú" (ô nền vàng); các cột khác bị khóa.`,
    'Gõ giá trị (không dùng công thức: ô có công thức sẽ bị từ chối, kể cả khi hiển thị đúng kết quả). Chọn giá trị trong danh sách thả xuống với các chỉ tiêu Có/Không và Lựa chọn.',
    'Để trống ô "Giá trị" nếu chưa có câu trả lời: chỉ tiêu đó sẽ để trống trong hồ sơ.',
    'Chỉ tiêu có nhiều thành phần (ví dụ tử số và mẫu số) có một dòng cho mỗi thành phần: điền đủ mọi thành phần hoặc để trống tất cả. Ghi chú của chỉ tiêu đó ghi ở dòng thành phần đầu tiên.',
    `Không đổi tên, xóa hay thêm trang; không sửa mã chỉ tiêu. Lưu tệp dạng .xlsx rồi tải lên đúng kỳ đánh giá và đơn vị ghi ở trên.`,
    'Tệp tải lên được kiểm tra toàn bộ: nếu có ô sai, không câu trả lời nào được ghi và báo cáo nêu từng ô (trang, ô, lỗi) để sửa rồi tải lại.',
    'Minh chứng (tài liệu, văn bản, đường dẫn) được nộp trên hệ thống, không qua tệp này.',
  ];
  steps.forEach((step, i) => line(i === 0 ? 'Cách điền' : '', `${i + 1}. ${step}`));
  guide.addRow([]);
  const header = guide.addRow(['Loại dữ liệu', 'Giá trị được chấp nhận']);
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = HEADER_FILL));
  for (const type of ['boolean', 'choice', 'number', 'integer', 'percent', 'numbers', 'text'] as const) {
    line(TYPE_LABELS[type], TYPE_HELP[type]);
  }
}

/** The dropdown lists, one column each (Có/Không first, then one per distinct choice list); returns row key → range. */
function writeLists(lists: ExcelJS.Worksheet, rows: TemplateRow[]): Map<string, string> {
  const columns = new Map<string, string>();
  const refs = new Map<string, string>();
  const rangeOfList = (items: string[]): string => {
    const id = JSON.stringify(items);
    let ref = columns.get(id);
    if (!ref) {
      const column = columns.size + 1;
      items.forEach((item, i) => (lists.getCell(i + 1, column).value = safeText(item)));
      const letter = lists.getColumn(column).letter;
      ref = `'${SHEETS.lists}'!$${letter}$1:$${letter}$${items.length}`;
      columns.set(id, ref);
    }
    return ref;
  };
  rangeOfList([YES, NO]);
  for (const row of rows) {
    const type = row.leaf.input?.type;
    if (type === 'boolean') refs.set(row.key, rangeOfList([YES, NO]));
    if (type === 'choice') {
      const items = choiceEntries(row.leaf).map((c) => c.shown);
      if (items.length > 0) refs.set(row.key, rangeOfList(items));
    }
  }
  return refs;
}

function writeAnswers(
  sheet: ExcelJS.Worksheet,
  rows: TemplateRow[],
  answers: TemplateInput['answers'],
  listRefs: Map<string, string>,
): void {
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 30;
  header.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = THIN;
  });

  rows.forEach((row, i) => {
    const r = sheet.getRow(i + 2);
    const leaf = row.leaf;
    const type = leaf.input!.type;
    const firstPart = row.part === undefined || row.part === leaf.input?.names?.[0];
    const answer = answers[row.code];
    r.getCell(COL.code).value = safeText(row.key);
    r.getCell(COL.name).value = safeText(row.part === undefined ? leaf.name.vi : `${leaf.name.vi} — ${partLabel(row.part)}`);
    r.getCell(COL.group).value = row.group ? safeText(`${row.group.code} — ${row.group.name.vi}`) : '';
    r.getCell(COL.type).value = TYPE_LABELS[type];
    r.getCell(COL.allowed).value = safeText(allowedText(row));
    if (firstPart && leaf.maxPoints !== undefined) r.getCell(COL.maxPoints).value = leaf.maxPoints;
    for (let c = 1; c <= COLUMNS.length; c++) {
      const cell = r.getCell(c);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: c === COL.name || c === COL.allowed || c === COL.note || c === COL.group };
    }

    const valueCell = r.getCell(COL.value);
    valueCell.protection = { locked: false };
    valueCell.fill = ANSWER_FILL;
    const shown = shownValue(leaf, row.part, answer?.value);
    if (shown !== null) valueCell.value = shown;
    const validation = validationOf(row, listRefs.get(row.key));
    if (validation) valueCell.dataValidation = validation;
    if (type === 'text' || type === 'choice' || type === 'boolean') valueCell.numFmt = '@';

    // A numbers input has one note, on the row of its first part; the other parts' note cells stay locked.
    if (firstPart) {
      const noteCell = r.getCell(COL.note);
      noteCell.protection = { locked: false };
      noteCell.fill = ANSWER_FILL;
      noteCell.numFmt = '@';
      if (answer?.note) noteCell.value = safeText(answer.note);
      noteCell.dataValidation = textLengthValidation('Ghi chú');
    }
  });
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

function writeMeta(meta: ExcelJS.Worksheet, input: TemplateInput): void {
  const entries: Array<[string, string | number]> = [
    [META.format, TEMPLATE_FORMAT],
    [META.cycleId, safeText(input.cycle.id)],
    [META.cycleYear, input.cycle.year],
    [META.unitId, safeText(input.unit.id)],
    [META.unitCode, safeText(input.unit.code)],
    [META.frameworkCode, safeText(input.framework.code)],
    [META.frameworkVersion, safeText(input.framework.version)],
    [META.submissionVersion, input.submissionVersion],
  ];
  for (const [key, value] of entries) meta.addRow([key, value]);
  meta.getColumn(1).width = 20;
  meta.getColumn(2).width = 40;
}
