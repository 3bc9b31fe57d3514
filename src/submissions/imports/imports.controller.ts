import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Actor } from '../../auth/actor';
import { ParseIdPipe } from '../../common/validators';
import { ROLES } from '../../auth/role';
import type { ImportJobView } from './import-job.view';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** The state (queued, running, succeeded, rejected, failed), progress and report of an uploaded file. */
  @Get(':id')
  @Roles(...ROLES)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ImportJobView> {
    return this.imports.get(actor, id);
  }
}
