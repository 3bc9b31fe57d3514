import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateInRange } from '../../common/validators';
import { PaginationQuery } from '../../common/pagination.dto';
import { UNIT_LEVELS, type UnitLevel } from '../unit-level';

export class ListUnitsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: UNIT_LEVELS, description: 'only units of this level' })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @ApiPropertyOptional({ format: 'uuid', description: 'only the children of this unit' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  /** Only the units valid on this day, e.g. 2024-12-31 gives the 63 provinces, 2025-07-01 the 34. */
  @ApiPropertyOptional({ format: 'date', example: '2024-12-31', description: 'only the units valid on this day' })
  @IsOptional()
  @DateInRange()
  validOn?: string;

  @ApiPropertyOptional({ example: '48', description: 'only the units of this code' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;

  /** Part of the Vietnamese or English name, ignoring case and Vietnamese marks ("da nang" finds Đà Nẵng). */
  @ApiPropertyOptional({ example: 'da nang', description: 'part of the Vietnamese or English name, case and marks ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
