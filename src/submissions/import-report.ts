import type { CsvDialect } from '../workbooks/csv-dialect';

/** One problem in an uploaded file: where (sheet and cell, or row and column) and which rule it broke. */
export interface ImportProblem {
  sheet?: string;
  cell?: string;
  row?: number;
  column?: string;
  rule: string;
  message: string;
}

export interface ImportReport {
  /** Rows or cells read. */
  read: number;
  /** Answers or values that would be (dry run) or were applied. */
  applied: number;
  problems: ImportProblem[];
  /** Per-row outcome where the file is row-based (system values): nothing is dropped silently. */
  rows?: { row: number; unit?: string; indicator?: string; outcome: 'applied' | 'unchanged' | 'refused'; message?: string }[];
  /** A CSV file's separator, decimal mark and BOM as detected, and the same in words ("phân tách ';', …"). */
  dialect?: CsvDialect & { description: string };
}
