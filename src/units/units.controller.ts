import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { assertUnitAccess } from '../auth/unit-access';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import type { Page } from '../common/pagination.dto';
import { ROLES, Role } from '../auth/role';
import { CreateUnitDto } from './dto/create-unit.dto';
import { ListUnitsQuery } from './dto/list-units.query';
import { RetireUnitDto, UpdateUnitDto } from './dto/update-unit.dto';
import type { UnitView } from './unit.view';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** The registry itself is public knowledge (the provinces and ministries), so every role may list it. */
  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListUnitsQuery): Promise<Page<UnitView>> {
    return this.units.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<UnitView> {
    assertUnitAccess(actor, id);
    return this.units.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitView> {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitView> {
    return this.units.update(actor, id, dto);
  }

  @Post(':id/retire')
  @Roles(Role.Admin)
  retire(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RetireUnitDto,
  ): Promise<UnitView> {
    return this.units.retire(actor, id, dto);
  }
}
