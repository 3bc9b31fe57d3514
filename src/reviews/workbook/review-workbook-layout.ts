import type { FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { choiceEntries, NO, YES } from '../../workbooks/choice-lists';
import { FILL_IN_META, FILL_IN_SHEETS } from '../../workbooks/fill-in-sheets';
import { columnLettersByKey, columnNumbers } from '../../workbooks/sheet-columns';
import type { DecisionKind } from '../review-policy';

/**
 * The layout of the review workbook, shared by the builder and the parser. Bump REVIEW_WORKBOOK_FORMAT when a file
 * made by an older build could no longer be read.
 */
export const REVIEW_WORKBOOK_FORMAT = 'dti-review-workbook/1';

export const SHEETS = { ...FILL_IN_SHEETS, review: 'Thẩm định' } as const;

/** The columns of "Thẩm định", in order (A..M); the reviewer fills I..L. */
export const COLUMNS = [
  { key: 'unitCode', header: 'Mã đơn vị', width: 10 },
  { key: 'unitName', header: 'Đơn vị', width: 24 },
  { key: 'code', header: 'Mã chỉ tiêu', width: 12 },
  { key: 'name', header: 'Tên chỉ tiêu', width: 40 },
  { key: 'maxPoints', header: 'Điểm tối đa', width: 10 },
  { key: 'selfValue', header: 'Giá trị tự đánh giá', width: 24 },
  { key: 'selfPoints', header: 'Điểm tự đánh giá', width: 12 },
  { key: 'evidence', header: 'Minh chứng', width: 50 },
  { key: 'decision', header: 'Quyết định', width: 20 },
  { key: 'value', header: 'Giá trị thẩm định', width: 24 },
  { key: 'points', header: 'Điểm thẩm định', width: 12 },
  { key: 'comment', header: 'Nhận xét', width: 40 },
  { key: 'version', header: 'Phiên bản', width: 10 },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const COL = columnNumbers(COLUMNS);
export const COL_LETTER = columnLettersByKey(COLUMNS);

export const META = {
  ...FILL_IN_META,
  reviewerId: 'reviewerId',
  reviewerEmail: 'reviewerEmail',
} as const;

/** The decisions as the dropdown shows them. */
export const DECISION_LABELS: Record<DecisionKind, string> = {
  accept: 'Chấp nhận',
  adjust: 'Điều chỉnh',
  clarify: 'Yêu cầu giải trình',
};

export function decisionOf(text: string): DecisionKind | undefined {
  const t = text.trim().normalize('NFC').toLocaleLowerCase('vi');
  for (const [kind, label] of Object.entries(DECISION_LABELS) as Array<[DecisionKind, string]>) {
    if (t === label.toLocaleLowerCase('vi') || t === kind) return kind;
  }
  return undefined;
}

/** A value as a cell shows it: Có/Không, a choice by its label, numbers as numbers, parts as "name=value; …". */
export function shownValue(leaf: FrameworkNode, value: RawValue): string | number | null {
  if (value === null || value === undefined) return null;
  switch (leaf.input?.type) {
    case 'boolean':
      return value === true ? YES : value === false ? NO : String(value);
    case 'choice':
      return choiceEntries(leaf).find((c) => c.value === value)?.shown ?? String(value);
    case 'numbers':
      return typeof value === 'object'
        ? Object.entries(value)
            .map(([k, v]) => `${k}=${v}`)
            .join('; ')
        : String(value);
    default:
      return typeof value === 'number' ? value : String(value);
  }
}
