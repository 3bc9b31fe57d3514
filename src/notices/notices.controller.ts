import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import { RemindDto } from './dto/remind.dto';
import type { RemindResult } from './notice.view';
import { NoticesService } from './notices.service';

/** POST /api/v1/cycles/:id/reminders: the administrator's reminder to the units that have not submitted. */
@ApiTags('cycles')
@ApiBearerAuth()
@Controller('api/v1/cycles')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @ApiDoc({
    summary: 'Remind units to submit',
    does:
      "While the cycle is open: for each unit named (every participant when none is) that has not submitted, a notice on its officers' home page and a mail to each of its enabled officers in the outbox table mail_outbox (sent by the deployment's mailer); audited per unit as cycle.remind. Units that have submitted are skipped and listed.",
    refusals: [
      invalid(),
      notFound('cycle'),
      refusal(ErrorCode.WrongPhase, 'the cycle is not open', RefusalReason.CyclePhase),
      refusal(ErrorCode.UnprocessableEntity, 'a unit named does not take part in the cycle (details: field unitIds, rule participant)'),
    ],
    requestExample: { message: 'Đề nghị các đơn vị hoàn thành trước ngày 15/7.' },
  })
  @Post(':id/reminders')
  @HttpCode(200)
  @Roles(Role.Admin)
  remind(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RemindDto): Promise<RemindResult> {
    return this.notices.remind(actor, id, { unitIds: dto.unitIds, message: dto.message ?? null });
  }
}
