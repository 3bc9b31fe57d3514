import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

export class ListFrameworksQuery extends PaginationQuery {
  @ApiPropertyOptional({ example: 'PDTI', description: 'only versions of this framework code' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be 1-32 letters, digits, ".", "_" or "-"' })
  code?: string;

  @ApiPropertyOptional({ enum: UNIT_LEVELS, description: 'only frameworks of this level' })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @ApiPropertyOptional({ example: 2022, description: 'only frameworks of this year' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(2000, 2100)
  year?: number;
}
