import { Type } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { IntRange } from '../../common/validators';
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
  @IntRange(2000, 2100)
  year?: number;
}
