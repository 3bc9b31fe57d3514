import type { Framework, FrameworkNode, InputSpec, InputType } from '../../engine/framework.model';
import { choiceEntries, NO, YES } from '../../workbooks/choice-lists';
import { FILL_IN_META, FILL_IN_SHEETS } from '../../workbooks/fill-in-sheets';
import { columnLettersByKey, columnNumbers } from '../../workbooks/sheet-columns';

/**
 * The layout of the self-assessment template, shared by the builder and the parser: sheet names, columns, labels,
 * and which rows a framework gives. Changing a header or a sheet name here changes both sides at once; bump
 * TEMPLATE_FORMAT when a file made by an older build could no longer be read.
 */

export const TEMPLATE_FORMAT = 'dti-self-assessment/1';

export const SHEETS = { ...FILL_IN_SHEETS, answers: 'Tự đánh giá' } as const;

/** The columns of "Tự đánh giá", in order (A..H). */
export const COLUMNS = [
  { key: 'code', header: 'Mã chỉ tiêu', width: 18 },
  { key: 'name', header: 'Tên chỉ tiêu', width: 60 },
  { key: 'group', header: 'Nhóm', width: 34 },
  { key: 'type', header: 'Loại dữ liệu', width: 22 },
  { key: 'allowed', header: 'Giá trị cho phép', width: 42 },
  { key: 'maxPoints', header: 'Điểm tối đa', width: 12 },
  { key: 'value', header: 'Giá trị', width: 28 },
  { key: 'note', header: 'Ghi chú', width: 50 },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** 1-based column numbers by key. */
export const COL = columnNumbers(COLUMNS);
export const COL_LETTER = columnLettersByKey(COLUMNS);

/** The keys of the _meta sheet (column A), each with its value in column B. */
export const META = {
  ...FILL_IN_META,
  unitId: 'unitId',
  unitCode: 'unitCode',
  submissionVersion: 'submissionVersion',
} as const;

/** The longest text answer or note (the API's limit too). */
export const MAX_TEXT_CHARS = 10_000;

export const TYPE_LABELS: Record<InputType, string> = {
  boolean: 'Có/Không',
  number: 'Số',
  percent: 'Tỷ lệ % (0–100)',
  integer: 'Số nguyên',
  choice: 'Lựa chọn',
  numbers: 'Số (thành phần)',
  text: 'Văn bản',
};

/** What each input type accepts, for the instructions sheet. */
export const TYPE_HELP: Record<InputType, string> = {
  boolean: `Chọn "${YES}" hoặc "${NO}" trong danh sách thả xuống (cũng nhận true/false, 1/0).`,
  number: 'Một số; dùng dấu chấm cho phần thập phân (ví dụ 12.5); trong khoảng ghi ở cột "Giá trị cho phép" nếu có.',
  percent: 'Một số từ 0 đến 100, là số phần trăm (gõ 45 cho 45%; ô đã định dạng % thì gõ 45% cũng được).',
  integer: 'Một số nguyên (không có phần thập phân), trong khoảng ghi ở cột "Giá trị cho phép" nếu có.',
  choice: 'Chọn một mục trong danh sách thả xuống.',
  numbers: 'Mỗi thành phần (ví dụ tử số, mẫu số) một dòng; mỗi ô một số không âm; điền đủ mọi thành phần hoặc để trống tất cả.',
  text: `Văn bản tự do, tối đa ${MAX_TEXT_CHARS.toLocaleString('vi-VN')} ký tự.`,
};

/** Vietnamese names of the usual parts of a `numbers` input; other parts are shown by their name. */
export const PART_LABELS: Record<string, string> = {
  numerator: 'tử số',
  denominator: 'mẫu số',
};

export const partLabel = (part: string): string => PART_LABELS[part] ?? part;

/** The leaves a unit answers: its own (`self`, the default) and those the experts verify (`expert`). */
export const answeredInTemplate = (leaf: FrameworkNode): boolean => {
  const source = leaf.source ?? 'self';
  return leaf.input !== undefined && (source === 'self' || source === 'expert');
};

export interface TemplateRow {
  /** What column A holds: the code, or "code (part)" for a part of a numbers input. */
  key: string;
  code: string;
  part?: string;
  leaf: FrameworkNode;
  /** The main indicator the leaf belongs to: its parent, if any. */
  group?: FrameworkNode;
}

export const rowKey = (code: string, part?: string): string => (part === undefined ? code : `${code} (${part})`);

// Codes and part names as the framework schema allows them.
const ROW_KEY = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\))?$/;

export function parseRowKey(text: string): { code: string; part?: string } | undefined {
  const m = ROW_KEY.exec(text.trim());
  return m ? { code: m[1], part: m[2] } : undefined;
}

/** Every leaf of the framework, depth first, with its parent. */
export function leavesOf(framework: Framework): Array<{ leaf: FrameworkNode; parent?: FrameworkNode }> {
  const out: Array<{ leaf: FrameworkNode; parent?: FrameworkNode }> = [];
  const walk = (nodes: FrameworkNode[], parent: FrameworkNode | undefined): void => {
    for (const node of nodes) {
      if (node.children && node.children.length > 0) walk(node.children, node);
      else out.push({ leaf: node, parent });
    }
  };
  walk(framework.nodes, undefined);
  return out;
}

/** The rows of "Tự đánh giá": one per answered leaf, one per named part of a numbers input. */
export function templateRows(framework: Framework): TemplateRow[] {
  const rows: TemplateRow[] = [];
  for (const { leaf, parent } of leavesOf(framework)) {
    if (!answeredInTemplate(leaf)) continue;
    if (leaf.input?.type === 'numbers') {
      for (const part of leaf.input.names ?? []) rows.push({ key: rowKey(leaf.code, part), code: leaf.code, part, leaf, group: parent });
    } else {
      rows.push({ key: leaf.code, code: leaf.code, leaf, group: parent });
    }
  }
  return rows;
}

/** The inclusive range of a numeric input (percent within 0..100). */
export function rangeOf(input: InputSpec): { min?: number; max?: number } {
  if (input.type === 'percent') return { min: Math.max(0, input.min ?? 0), max: Math.min(100, input.max ?? 100) };
  if (input.type === 'numbers') return { min: 0 };
  return { min: input.min, max: input.max };
}

const fmt = (n: number): string => String(n);

/** The "Giá trị cho phép" text of a row. */
export function allowedText(row: TemplateRow): string {
  const input = row.leaf.input as InputSpec;
  switch (input.type) {
    case 'boolean':
      return `${YES}; ${NO}`;
    case 'choice':
      return choiceEntries(row.leaf)
        .map((c) => c.shown)
        .join('; ');
    case 'text':
      return `Văn bản, tối đa ${MAX_TEXT_CHARS.toLocaleString('vi-VN')} ký tự`;
    case 'numbers':
      return `Số ≥ 0 (${partLabel(row.part ?? '')})`;
    default: {
      const { min, max } = rangeOf(input);
      const kind = input.type === 'integer' ? 'Số nguyên' : 'Số';
      const unit = input.unit ? ` ${input.unit}` : '';
      if (min !== undefined && max !== undefined) return `${kind} từ ${fmt(min)} đến ${fmt(max)}${unit}`;
      if (min !== undefined) return `${kind} ≥ ${fmt(min)}${unit}`;
      if (max !== undefined) return `${kind} ≤ ${fmt(max)}${unit}`;
      return `${kind} bất kỳ${unit}`;
    }
  }
}
