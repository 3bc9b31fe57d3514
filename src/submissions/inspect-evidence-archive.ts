import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { SheetScanner, WorkbookRefusedError } from '../workbooks/safe-workbook';
import { inspectZipFile, type ZipLimits } from '../workbooks/zip-inspect';
import type { DetectedFileType } from '../storage/file-type';

/**
 * The limits of an evidence file that is a zip (docx, xlsx, pptx, odt, ods, odp): looser than an import's (a report
 * with photos, a long table), tight enough that what a reviewer downloads and opens is no zip bomb.
 */
export interface EvidenceArchiveLimits extends ZipLimits {
  /** The last row of any worksheet of an .xlsx / .ods. */
  maxRows: number;
  /** The last column of any worksheet. */
  maxColumns: number;
}

export const EVIDENCE_ARCHIVE_LIMITS: Readonly<EvidenceArchiveLimits> = Object.freeze({
  maxEntries: 5_000,
  maxDecompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioGraceBytes: 1024 * 1024,
  maxRows: 100_000,
  maxColumns: 1_000,
});

const ZIP_TYPES = new Set(['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp']);
const XLSX_SHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/** An evidence archive over a limit: 422, field `file`, the rule it broke (compression-ratio, too-many-rows, ...). */
export class EvidenceArchiveRefusedError extends DomainException {
  constructor(readonly refusal: WorkbookRefusedError) {
    super(ErrorCode.UnprocessableEntity, `file: ${refusal.message}`, [{ field: 'file', rule: refusal.rule, message: refusal.message }]);
    this.name = 'EvidenceArchiveRefusedError';
  }
}

/**
 * Inflates every entry of an evidence file of a zip type once, counting what comes out (entries, total, ratio) and,
 * in an .xlsx, scanning each worksheet's rows and columns on the way; stops at the first limit crossed. Other types
 * pass untouched. Refusals are EvidenceArchiveRefusedError.
 */
export async function inspectEvidenceArchive(path: string, type: DetectedFileType, limits: EvidenceArchiveLimits = EVIDENCE_ARCHIVE_LIMITS): Promise<void> {
  if (!ZIP_TYPES.has(type.ext)) return;
  try {
    await inspectZipFile(path, limits, (name) => {
      if (!XLSX_SHEET.test(name)) return undefined;
      const scanner = new SheetScanner(limits.maxColumns);
      return (chunk) => {
        scanner.push(chunk);
        if (scanner.maxRow > limits.maxRows) {
          throw new WorkbookRefusedError('too-many-rows', `the worksheet part ${name} has more than ${limits.maxRows} rows (the limit)`, {
            entry: name,
            limit: limits.maxRows,
          });
        }
        if (scanner.wide) {
          throw new WorkbookRefusedError(
            'too-many-columns',
            `the worksheet part ${name}: row ${scanner.wide.row} reaches column ${scanner.wide.column}, more than the limit of ${limits.maxColumns}`,
            { entry: name, limit: limits.maxColumns },
          );
        }
      };
    });
  } catch (error) {
    if (error instanceof WorkbookRefusedError) throw new EvidenceArchiveRefusedError(error);
    throw error;
  }
}
