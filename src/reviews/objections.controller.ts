import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import { ROLES, Role } from '../auth/role';
import { DecideObjectionDto } from './dto/objection.dto';
import { ObjectionsQuery } from './dto/review-queries.dto';
import { ObjectionsService } from './objections.service';
import type { ObjectionView } from './review.view';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review/objections')
export class ObjectionsController {
  constructor(private readonly objections: ObjectionsService) {}

  @Get()
  @Roles(...ROLES)
  list(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: ObjectionsQuery): Promise<ObjectionView[]> {
    return this.objections.list(actor, cycleId, query);
  }

  /** Accept (with the new value or points) or reject, with an answer: an admin or the unit's lead reviewer. */
  @Post(':objectionId/decision')
  @Roles(Role.Admin, Role.Reviewer)
  @HttpCode(200)
  decide(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('objectionId', ParseIdPipe) objectionId: string,
    @Body() dto: DecideObjectionDto,
  ): Promise<ObjectionView> {
    return this.objections.decide(actor, cycleId, objectionId, dto);
  }
}
