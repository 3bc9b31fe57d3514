import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid } from '../auth/api-doc';
import { Roles } from '../auth/roles.decorator';
import type { Page } from '../common/pagination.dto';
import { Role } from '../auth/role';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @ApiDoc({
    summary: 'Read the audit log',
    does: 'What was done, by whom and when, with the values before and after, newest first, a page at a time; filtered by entity, actor, unit (the unit itself, its submission, reviews, evidence, extension), action and time. The same entries in words as a file: GET /api/v1/audit/export.',
    refusals: [invalid('a query parameter (action: dotted words; from, to: date-times)')],
  })
  @Get()
  @Roles(Role.Admin)
  list(@Query() query: ListAuditQuery): Promise<Page<AuditEntry>> {
    return this.audit.list(query);
  }
}
