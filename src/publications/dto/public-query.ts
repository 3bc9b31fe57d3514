import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IntRange } from '../../common/validators';
import { MINISTRY_GROUPS } from '../../units/unit-file';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

export class PublicYearParams {
  @Type(() => Number)
  @IntRange(2020, 2100)
  year: number;
}

export class PublicEditionParams extends PublicYearParams {
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;
}

export class PublicVersionQuery {
  /** A publication version; the latest by default. */
  @ApiPropertyOptional({ type: Number, minimum: 1, description: 'a publication version (a correction is the next one); the latest by default' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(1, 1000)
  version?: number;
}

export class PublicUnitParams extends PublicEditionParams {
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be a unit code' })
  code: string;
}

export class PublicRankingQuery extends PublicVersionQuery {
  /** Only this ranking group, ranked within it; the group must be one of the publication's. */
  @ApiPropertyOptional({ enum: MINISTRY_GROUPS, description: "one group's rows, its group rank as the rank (a grouped level: ministry)" })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'group must be a group code' })
  group?: string;

  /** A page of this many rows (with `next`); the full list without it. */
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, description: 'a page of this many rows, with `next` (the cursor of the page after it, null after the last); the full list without it' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(1, 1000)
  limit?: number;

  /** Where a page starts: the `next` of the page before it, as given (opaque). */
  @ApiPropertyOptional({ type: String, description: "the page after the one whose `next` this is (opaque; with limit). A cursor of another version or group is refused" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: "cursor must be a page's next, as given" })
  cursor?: string;
}
