import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Actor } from '../../auth/actor';
import { ApiDoc, invalid, notFound } from '../../auth/api-doc';
import { ParseIdPipe } from '../../common/validators';
import { ROLES } from '../../auth/role';
import type { ImportJobView } from './import-job.view';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @ApiDoc({
    summary: 'Follow an import',
    does: 'The state (queued, running, succeeded, rejected, failed), progress and report (one entry per row, with its problems) of an uploaded file.',
    refusals: [invalid('id'), notFound('import, or one started by another user of another unit (seen by whoever started it, admins and the officers of its unit)')],
  })
  /** The state (queued, running, succeeded, rejected, failed), progress and report of an uploaded file. */
  @Get(':id')
  @Roles(...ROLES)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ImportJobView> {
    return this.imports.get(actor, id);
  }
}
