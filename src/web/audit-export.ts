import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditEntryView } from '../audit/audit-entry.view';
import { AUDIT_EXPORT_MAX_ROWS, type AuditService } from '../audit/audit.service';
import type { AuditExportFormat } from '../audit/dto/export-audit.query';
import type { AuditFilters } from '../audit/dto/list-audit.query';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { csvSafeText } from '../workbooks/safe-workbook';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';
import { workbookBuffer } from '../workbooks/write-workbook';
import { auditNames, AuditPresenter, idsOf, type AuditRow } from './audit-log.model';
import type { Lang, Translate } from './i18n';
import { formatNumber } from './view-setup';

export interface AuditExportFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** The columns of an export, each with how a row fills it. */
const COLUMNS: { header: Parameters<Translate>[0]; width: number; of: (r: AuditRow) => string }[] = [
  { header: 'audit.at', width: 20, of: (r) => r.at },
  { header: 'audit.actor', width: 24, of: (r) => r.actor },
  { header: 'audit.email', width: 28, of: (r) => r.actorEmail ?? '' },
  { header: 'audit.actionCol', width: 32, of: (r) => r.actionWords },
  { header: 'audit.unit', width: 28, of: (r) => r.unit ?? '' },
  { header: 'audit.entity', width: 32, of: (r) => r.entity },
  { header: 'audit.change', width: 80, of: (r) => r.changes.map((c) => `${c.field}: ${c.before ?? '—'} → ${c.after ?? '—'}`).join('\n') },
  { header: 'audit.requestId', width: 20, of: (r) => r.requestId ?? '' },
];

/**
 * The log as the filters select it, in words, as a CSV (UTF-8 with a BOM, so Excel reads the Vietnamese) or a
 * workbook. More entries than AUDIT_EXPORT_MAX_ROWS are refused (422 naming the count and the limit): the file is
 * built in memory, and a log that large is read by narrower filters, not by one file.
 */
export async function auditExport(audit: AuditService, db: DataSource, filters: AuditFilters, format: AuditExportFormat, t: Translate, lang: Lang): Promise<AuditExportFile> {
  const { items, total } = await audit.all(filters);
  if (total > AUDIT_EXPORT_MAX_ROWS) {
    const message = t('audit.tooMany', { total: formatNumber(total, 0, lang), max: formatNumber(AUDIT_EXPORT_MAX_ROWS, 0, lang) });
    throw new DomainException(ErrorCode.UnprocessableEntity, message, [{ field: 'filters', rule: 'tooManyRows', message }]);
  }
  const rows = await presentAll(items, db, t, lang);
  const headers = COLUMNS.map((c) => t(c.header));
  const base = `${t('audit.fileName')}-${new Date().toISOString().slice(0, 10)}`;
  if (format === 'csv') {
    const records = [headers, ...rows.map((r) => COLUMNS.map((c) => csvSafeText(c.of(r))))];
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(stringify(records, { bom: true, record_delimiter: '\r\n' }), 'utf8') };
  }
  const content = await workbookBuffer({
    title: t('audit.title'),
    sheets: [
      {
        name: t('audit.sheet'),
        columns: COLUMNS.map((c) => ({ header: t(c.header), width: c.width, kind: 'text' as const, style: { alignment: { vertical: 'top', wrapText: true } } })),
        frozen: {},
        autoFilter: true,
        rows: rows.map((r) => COLUMNS.map((c) => c.of(r))),
      },
    ],
  });
  return { fileName: `${base}.xlsx`, contentType: XLSX_CONTENT_TYPE, content };
}

/** Sends an export as an attachment named in UTF-8. */
export function sendAuditExport(res: Response, file: AuditExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.end(file.content);
}

/** Entries in words, names looked up once for all of them. */
export async function presentAll(items: readonly AuditEntryView[], db: DataSource, t: Translate, lang: Lang): Promise<AuditRow[]> {
  const presenter = new AuditPresenter(t, lang, await auditNames(db.manager, idsOf(items), lang));
  return items.map((e) => presenter.row(e));
}
