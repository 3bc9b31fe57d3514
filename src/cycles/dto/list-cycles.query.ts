import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsOptional, Matches } from 'class-validator';
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

  @ApiPropertyOptional({ example: 'SI766', description: "only the periods of this series (a periodic framework's code); `yearly` for the yearly assessments only" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'series must be a framework code (letters, digits, ".", "_" or "-") or yearly' })
  series?: string;

  @ApiPropertyOptional({ enum: CyclePhase, description: 'only cycles in this phase' })
  @IsOptional()
  @IsEnum(CyclePhase)
  phase?: CyclePhase;
}
