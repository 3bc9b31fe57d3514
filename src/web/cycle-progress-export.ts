import { stringify } from 'csv-stringify/sync';
import { csvSafeText } from '../workbooks/safe-workbook';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';
import { workbookBuffer } from '../workbooks/write-workbook';
import type { AuditExportFile } from './audit-export';
import { PROGRESS_COLUMNS, type ProgressRow, type ProgressSummary } from './cycle-progress.model';
import type { Lang, Translate } from './i18n';
import { formatDay } from './view-setup';

export const PROGRESS_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ProgressExportFormat = (typeof PROGRESS_EXPORT_FORMATS)[number];

/**
 * A cycle's progress as the page shows it (its rows in its order), as a CSV (UTF-8 with a BOM, so Excel reads the
 * Vietnamese) or a workbook whose title says the cycle, the time it was taken and the reporting rate.
 */
export async function progressExport(
  rows: readonly ProgressRow[],
  summary: ProgressSummary,
  cycle: { name: string; year: number },
  format: ProgressExportFormat,
  t: Translate,
  lang: Lang,
  now: Date,
): Promise<AuditExportFile> {
  const headers = PROGRESS_COLUMNS.map((c) => t(c.header));
  const cells = rows.map((r) => PROGRESS_COLUMNS.map((c) => c.of(r, t, lang)));
  const base = `${t('ca.progress.fileName')}-${cycle.year}-${now.toISOString().slice(0, 10)}`;
  if (format === 'csv') {
    const records = [headers, ...cells.map((line) => line.map((v) => (typeof v === 'number' ? v : csvSafeText(v))))];
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(stringify(records, { bom: true, record_delimiter: '\r\n' }), 'utf8') };
  }
  const content = await workbookBuffer({
    title: t('ca.progress.title', { cycle: cycle.name }),
    sheets: [
      {
        name: t('ca.progress.sheet'),
        title: [
          t('ca.progress.title', { cycle: cycle.name }),
          t('ca.progress.takenAt', { at: formatDay(now, lang, true), submitted: summary.submitted, units: summary.units }),
        ],
        columns: PROGRESS_COLUMNS.map((c) => ({ header: t(c.header), width: c.width, kind: c.kind })),
        frozen: { columns: 2 },
        autoFilter: true,
        rows: cells,
      },
    ],
  });
  return { fileName: `${base}.xlsx`, contentType: XLSX_CONTENT_TYPE, content };
}
