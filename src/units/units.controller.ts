import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { assertUnitAccess } from '../auth/unit-access';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
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
  @ApiDoc({
    summary: 'List units',
    does: 'The unit registry, a page at a time, by code: of a level, under a parent, valid on a day, by code or by part of the name (Vietnamese marks ignored).',
    refusals: [invalid('a query parameter')],
  })
  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListUnitsQuery): Promise<Page<UnitView>> {
    return this.units.list(query);
  }

  @ApiDoc({
    summary: 'Read a unit',
    does: 'One unit of the registry, with its validity, parent and predecessors.',
    refusals: [invalid('id'), refusal(ErrorCode.Forbidden, "an officer asks for another unit than its own"), notFound('unit')],
  })
  @Get(':id')
  @Roles(...ROLES)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<UnitView> {
    assertUnitAccess(actor, id);
    return this.units.get(id);
  }

  @ApiDoc({
    summary: 'Create a unit',
    does: 'Adds a unit to the registry, valid from a day (and to one); audited.',
    refusals: [
      invalid('a body field'),
      refusal(ErrorCode.Conflict, 'the level and code are already valid over some of the dates', RefusalReason.UnitCodeInUse),
      refusal(ErrorCode.UnprocessableEntity, 'validTo before validFrom, or parentId / predecessorIds name no unit valid over the dates'),
    ],
  })
  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitView> {
    return this.units.create(actor, dto);
  }

  @ApiDoc({
    summary: 'Change a unit',
    does: 'Changes names, parent, group or validity, given the version read; audited.',
    refusals: [
      invalid(),
      notFound('unit'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'the level and code would be valid twice over some dates', RefusalReason.UnitCodeInUse),
      refusal(ErrorCode.UnprocessableEntity, 'validTo before validFrom, or parentId / predecessorIds name no unit valid over the dates'),
    ],
  })
  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitView> {
    return this.units.update(actor, id, dto);
  }

  @ApiDoc({
    summary: 'Retire a unit',
    does: 'Ends a unit\'s validity on a day (a merger: its successors name it as predecessor); audited. Its history stays.',
    refusals: [
      invalid(),
      notFound('unit'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'the unit is already retired'),
      refusal(ErrorCode.UnprocessableEntity, 'validTo before validFrom'),
    ],
  })
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
