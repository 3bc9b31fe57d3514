import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { ConflictsService, type ConflictView } from './conflicts.service';
import { AddConflictDto } from './dto/conflict.dto';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/reviewers/:id/conflicts')
export class ReviewersController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Get()
  @Roles(Role.Admin, Role.Reviewer)
  list(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ConflictView[]> {
    return this.conflicts.list(actor, id);
  }

  /** Declares a conflict of interest (its own unit: reason "own unit"); the reviewer is never assigned to that unit. */
  @Post()
  @Roles(Role.Admin)
  add(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: AddConflictDto): Promise<ConflictView> {
    return this.conflicts.add(actor, id, dto);
  }

  @Delete(':unitId')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<void> {
    return this.conflicts.remove(actor, id, unitId);
  }
}
