import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import type { Page } from '../common/pagination.dto';
import { ROLES, Role } from '../auth/role';
import type { CycleView, ParticipantView } from './cycle.view';
import { CyclesService } from './cycles.service';
import { ChangeParticipantsDto } from './dto/change-participants.dto';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { GrantExtensionDto, RevokeExtensionDto } from './dto/grant-extension.dto';
import { ListCyclesQuery } from './dto/list-cycles.query';
import { MoveCycleDto } from './dto/move-cycle.dto';
import { UpdateCycleDto } from './dto/update-cycle.dto';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('api/v1/cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCycleDto): Promise<CycleView> {
    return this.cycles.create(actor, dto);
  }

  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListCyclesQuery): Promise<Page<CycleView>> {
    return this.cycles.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  get(@Param('id', ParseIdPipe) id: string): Promise<CycleView> {
    return this.cycles.get(id);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateCycleDto,
  ): Promise<CycleView> {
    return this.cycles.update(actor, id, dto);
  }

  @Post(':id/phase')
  @Roles(Role.Admin)
  @HttpCode(200)
  move(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: MoveCycleDto): Promise<CycleView> {
    return this.cycles.move(actor, id, dto);
  }

  @Get(':id/participants')
  @Roles(Role.Admin, Role.Reviewer)
  participants(@Param('id', ParseIdPipe) id: string): Promise<ParticipantView[]> {
    return this.cycles.participants(id);
  }

  @Post(':id/participants')
  @Roles(Role.Admin)
  changeParticipants(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ChangeParticipantsDto,
  ): Promise<ParticipantView[]> {
    return this.cycles.setParticipants(actor, id, dto.add ?? [], dto.remove ?? []);
  }

  @Put(':id/participants/:unitId/extension')
  @Roles(Role.Admin)
  grantExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: GrantExtensionDto,
  ): Promise<ParticipantView> {
    return this.cycles.grantExtension(actor, id, unitId, dto);
  }

  /** Takes the unit's extension back (the reason in the body, audited); 404 when it has none, 409 once published. */
  @Delete(':id/participants/:unitId/extension')
  @Roles(Role.Admin)
  revokeExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: RevokeExtensionDto,
  ): Promise<ParticipantView> {
    return this.cycles.revokeExtension(actor, id, unitId, dto);
  }
}
