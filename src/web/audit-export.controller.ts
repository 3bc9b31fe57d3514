import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AUDIT_EXPORT_MAX_ROWS, AuditService } from '../audit/audit.service';
import { ExportAuditQuery } from '../audit/dto/export-audit.query';
import { ApiDoc, invalid, refusal } from '../auth/api-doc';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { auditExport, sendAuditExport } from './audit-export';
import { translator } from './i18n';

/**
 * GET /api/v1/audit/export: the audit log's filtered entries as a file in words. Served from the web layer, which
 * holds the words of the actions and reads the names of people and units (the audit folder knows neither).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditExportController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @ApiDoc({
    summary: 'Download the audit log',
    does: `The entries the filters select (those of GET /api/v1/audit), newest first, as CSV (UTF-8 with a BOM) or xlsx: time in Vietnam time, the actor's name and e-mail, the action, unit and entity in words, and the change as before → after per field; headers in Vietnamese (lang=en: English). At most ${AUDIT_EXPORT_MAX_ROWS} entries.`,
    refusals: [invalid('a query parameter (format: csv or xlsx; lang: vi or en; the filters as GET /api/v1/audit)'), refusal(ErrorCode.UnprocessableEntity, `the filters select more than ${AUDIT_EXPORT_MAX_ROWS} entries (details: rule tooManyRows)`)],
  })
  @Get('export')
  @Roles(Role.Admin)
  async export(@Query() query: ExportAuditQuery, @Res() res: Response): Promise<void> {
    const lang = query.lang ?? 'vi';
    sendAuditExport(res, await auditExport(this.audit, this.db, query, query.format, translator(lang), lang));
  }
}
