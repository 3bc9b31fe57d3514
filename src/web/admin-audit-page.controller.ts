import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AUDIT_EXPORT_MAX_ROWS, AuditService } from '../audit/audit.service';
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat } from '../audit/dto/export-audit.query';
import { AuditFilters, ListAuditQuery } from '../audit/dto/list-audit.query';
import { Role } from '../auth/role';
import { unitNamesByIds } from '../units/units.queries';
import { usersByIds } from '../users/users.queries';
import { actionGroups } from './audit-log.model';
import { auditExport, presentAll, sendAuditExport } from './audit-export';
import { problemText } from './field-problem';
import { checkWithDto, formNumber, formText } from './form-values';
import { localName } from './i18n';
import { pageLang, pageT, validDto } from './page-handler';
import { APP_PREFIX } from './session';
import { formatNumber } from './view-setup';
import { AppPage, renderPage } from './web-auth';

/** The filters in the page's address: the pickers', and entityType/entityId kept for links that name an entity. */
const AUDIT_FIELDS = ['actorId', 'unitId', 'action', 'from', 'to', 'entityType', 'entityId'] as const;
type AuditFormFilters = Record<(typeof AUDIT_FIELDS)[number], string>;

const PAGE_SIZE = 50;
const AUDIT_PATH = `${APP_PREFIX}/admin/audit`;

/** The day after a yyyy-mm-dd date: the page's "to" is a day included, the API's `to` the moment the range ends. */
function dayAfter(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const next = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(next.getTime())) return date;
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The form's filters as the API's query: only those given, `to` moved to the end of its day. */
function apiFilters(filters: AuditFormFilters): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const f of AUDIT_FIELDS) if (filters[f]) plain[f] = f === 'to' ? dayAfter(filters[f]) : filters[f];
  return plain;
}

const query = (filters: Record<string, string>, extra: Record<string, string> = {}): string =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...extra }).toString();

/** The administrator's audit log: in words, filtered by pickers kept in the address, a page at a time, exportable. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminAuditPageController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The log, filtered by the API's own query rules (ListAuditQuery), newest first, 50 a page. */
  @Get('audit')
  async auditLog(@Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const filters = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, formText(raw[f]).trim()])) as AuditFormFilters;
    const checked = await checkWithDto(ListAuditQuery, { ...apiFilters(filters), page: formNumber(formText(raw.page)) ?? 1, pageSize: PAGE_SIZE });
    const problems = checked.problems.map((p) => ({ message: `${t(`audit.${p.field}` as never)}: ${problemText(t, p)}`, field: p.field }));
    const page = problems.length ? null : await this.audit.list(checked.dto);
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    const link = (n: number) => `${AUDIT_PATH}?${query(filters, { page: String(n) })}`;
    const entries = page ? await presentAll(page.items, this.db, t, lang) : [];
    await renderPage(
      res,
      'app/audit.njk',
      {
        title: t('audit.title'),
        filters,
        problems,
        page,
        pages,
        first: page && page.total ? (page.page - 1) * page.pageSize + 1 : 0,
        last: page ? (page.page - 1) * page.pageSize + page.items.length : 0,
        entries,
        pickers: { ...(await this.pickers(lang)), actions: actionGroups(lang) },
        prev: page && page.page > 1 ? link(page.page - 1) : null,
        next: page && page.page < pages ? link(page.page + 1) : null,
        exports: page && page.total > 0 && page.total <= AUDIT_EXPORT_MAX_ROWS ? AUDIT_EXPORT_FORMATS.map((format) => ({ format, href: `${AUDIT_PATH}/export?${query(filters, { format })}` })) : [],
        tooMany: page && page.total > AUDIT_EXPORT_MAX_ROWS ? t('audit.tooMany', { total: formatNumber(page.total, 0, lang), max: formatNumber(AUDIT_EXPORT_MAX_ROWS, 0, lang) }) : null,
        exportLimit: t('audit.exportLimit', { max: formatNumber(AUDIT_EXPORT_MAX_ROWS, 0, lang) }),
      },
      problems.length ? 400 : 200,
    );
  }

  /** The filtered log as a file, in the page's language (the same as GET /api/v1/audit/export). */
  @Get('audit/export')
  async auditExport(@Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const filters = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, formText(raw[f]).trim()])) as AuditFormFilters;
    const dto = await validDto(AuditFilters, apiFilters(filters));
    const format: AuditExportFormat = formText(raw.format) === 'xlsx' ? 'xlsx' : 'csv';
    sendAuditExport(res, await auditExport(this.audit, this.db, dto, format, pageT(res), pageLang(res)));
  }

  /** The people and units the log names, by name in Vietnamese order (the pickers' options). */
  private async pickers(lang: 'vi' | 'en') {
    const named = await this.audit.named();
    const [users, units] = await Promise.all([usersByIds(this.db.manager, named.actorIds), unitNamesByIds(this.db.manager, named.unitIds)]);
    const collator = new Intl.Collator(lang);
    return {
      users: users.map((u) => ({ id: u.id, label: `${u.fullName} (${u.email})` })).sort((a, b) => collator.compare(a.label, b.label)),
      units: [...units].map(([id, u]) => ({ id, label: `${localName(u, lang)} (${u.code})` })).sort((a, b) => collator.compare(a.label, b.label)),
    };
  }
}
