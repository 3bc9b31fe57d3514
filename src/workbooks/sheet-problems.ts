/**
 * A problem a parser finds in an uploaded workbook, named where a person finds it in Excel: the sheet, the cell
 * (E12), its row and column letter, a stable rule and a message. The import report stores these as they are.
 */

export interface SheetProblemPlace {
  sheet?: string;
  /** The cell's address, e.g. "G12". */
  cell?: string;
  row?: number;
  /** The column's letter. */
  column?: string;
}

export interface SheetProblem extends SheetProblemPlace {
  rule: string;
  message: string;
}

/** A problem with one cell: sheet, cell, row and column letter, rule, message. */
export const problemAt = (sheet: string, column: string, row: number, rule: string, message: string): SheetProblem => ({
  sheet,
  cell: `${column}${row}`,
  row,
  column,
  rule,
  message,
});
