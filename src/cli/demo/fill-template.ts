import type ExcelJS from 'exceljs';
import type { Framework } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { leafIndex } from '../../frameworks/framework-tree';
import { COL, parseRowKey, SHEETS } from '../../submissions/template/template-layout';
import { choiceEntries, NO, YES } from '../../workbooks/choice-lists';

/** Types answers into a downloaded template the way an officer would in Excel: Có/Không, choice labels, numbers. */
export function fillTemplate(workbook: ExcelJS.Workbook, framework: Framework, answers: Record<string, RawValue>): number {
  const leaves = leafIndex(framework);
  const sheet = workbook.getWorksheet(SHEETS.answers);
  if (!sheet) throw new Error(`the template has no sheet ${SHEETS.answers}`);
  let filled = 0;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const key = parseRowKey(String(row.getCell(COL.code).value ?? ''));
    const leaf = key && leaves.get(key.code)?.node;
    const value = key ? answers[key.code] : undefined;
    if (!key || !leaf || value === undefined || value === null) return;
    let cell: ExcelJS.CellValue;
    if (typeof value === 'boolean') cell = value ? YES : NO;
    else if (leaf.input?.type === 'choice') cell = choiceEntries(leaf).find((c) => c.value === value)?.shown ?? String(value);
    else if (typeof value === 'object') cell = key.part ? (value[key.part] ?? null) : null;
    else cell = value;
    row.getCell(COL.value).value = cell;
    filled += 1;
  });
  return filled;
}
