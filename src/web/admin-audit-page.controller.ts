import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { ListAuditQuery } from '../audit/dto/list-audit.query';
import { Role } from '../auth/role';
import { problemText } from './field-problem';
import { checkWithDto, formNumber, formText } from './form-values';
import { pageT } from './page-handler';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const AUDIT_FIELDS = ['entityType', 'entityId', 'actorId', 'action', 'from', 'to'] as const;

/** The administrator's audit log with its filters. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminAuditPageController {
  constructor(private readonly audit: AuditService) {}

  /** The audit log, filtered by the API's own query rules (ListAuditQuery), newest first, 50 a page. */
  @Get('audit')
  async auditLog(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const filters: Record<string, string> = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, formText(query[f]).trim()]));
    const plain: Record<string, unknown> = { page: formNumber(formText(query.page)) ?? 1, pageSize: 50 };
    for (const f of AUDIT_FIELDS) if (filters[f]) plain[f] = filters[f];
    const checked = await checkWithDto(ListAuditQuery, plain);
    const problems = checked.problems.map((p) => `${t(`audit.${p.field}` as never)}: ${problemText(t, p)}`);
    const page = problems.length ? null : await this.audit.list(checked.dto);
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    const link = (n: number) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      params.set('page', String(n));
      return `${APP_PREFIX}/admin/audit?${params.toString()}`;
    };
    await renderPage(
      res,
      'app/audit.njk',
      {
        title: t('audit.title'),
        filters,
        problems: problems.map((message) => ({ message })),
        page,
        pages,
        entries: (page?.items ?? []).map((e) => ({ ...e, change: JSON.stringify({ before: e.before, after: e.after }, null, 1).slice(0, 2000) })),
        prev: page && page.page > 1 ? link(page.page - 1) : null,
        next: page && page.page < pages ? link(page.page + 1) : null,
      },
      problems.length ? 400 : 200,
    );
  }
}
