import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateInRange } from '../../common/validators';
import { PaginationQuery } from '../../common/pagination.dto';
import { UNIT_LEVELS, type UnitLevel } from '../unit-level';

export class ListUnitsQuery extends PaginationQuery {
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @IsOptional()
  @IsUUID()
  parentId?: string;

  /** Only the units valid on this day, e.g. 2024-12-31 gives the 63 provinces, 2025-07-01 the 34. */
  @IsOptional()
  @DateInRange()
  validOn?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;

  /** Part of the Vietnamese or English name, ignoring case and Vietnamese marks ("da nang" finds Đà Nẵng). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
