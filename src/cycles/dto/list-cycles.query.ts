import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';
import { CyclePhase } from '../cycle-phase';

export class ListCyclesQuery extends PaginationQuery {
  @ApiPropertyOptional({ example: 2022, description: 'only cycles of this data year' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(2020, 2100)
  year?: number;

  @ApiPropertyOptional({ enum: UNIT_LEVELS, description: 'only cycles of this level' })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @ApiPropertyOptional({ enum: CyclePhase, description: 'only cycles in this phase' })
  @IsOptional()
  @IsEnum(CyclePhase)
  phase?: CyclePhase;
}
