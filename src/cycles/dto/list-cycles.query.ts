import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';
import { CyclePhase } from '../cycle-phase';

export class ListCyclesQuery extends PaginationQuery {
  @IsOptional()
  @Type(() => Number)
  @IntRange(2020, 2100)
  year?: number;

  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @IsOptional()
  @IsEnum(CyclePhase)
  phase?: CyclePhase;
}
