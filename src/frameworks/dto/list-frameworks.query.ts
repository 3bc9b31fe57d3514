import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

export class ListFrameworksQuery extends PaginationQuery {
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be 1-32 letters, digits, ".", "_" or "-"' })
  code?: string;

  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
