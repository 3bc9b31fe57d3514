import { Type } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

export class PublicEditionParams {
  @Type(() => Number)
  @IntRange(2020, 2100)
  year: number;

  @IsIn(UNIT_LEVELS)
  level: UnitLevel;
}

export class PublicVersionQuery {
  /** A publication version; the latest by default. */
  @IsOptional()
  @Type(() => Number)
  @IntRange(1, 1000)
  version?: number;
}

export class PublicUnitParams extends PublicEditionParams {
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be a unit code' })
  code: string;
}
