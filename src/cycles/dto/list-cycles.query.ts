import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';
import { CyclePhase } from '../cycle-phase';

export class ListCyclesQuery extends PaginationQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2020)
  @Max(2100)
  year?: number;

  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @IsOptional()
  @IsEnum(CyclePhase)
  phase?: CyclePhase;
}
