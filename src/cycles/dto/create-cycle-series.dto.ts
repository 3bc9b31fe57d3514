import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A monthly series of cycles on one framework (its `period: month`), one cycle per month from `from` to `to`. */
export class CreateCycleSeriesDto {
  @ApiProperty({ description: 'a framework version whose period is month; its code names the series' })
  @IsUUID()
  frameworkId: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiProperty({ example: '2020-01', description: 'the first month, YYYY-MM' })
  @Matches(MONTH, { message: 'from must be a month written YYYY-MM' })
  from: string;

  @ApiProperty({ example: '2023-12', description: 'the last month, YYYY-MM (at most 120 months from `from`)' })
  @Matches(MONTH, { message: 'to must be a month written YYYY-MM' })
  to: string;

  @ApiPropertyOptional({ default: 10, description: 'days after the month ends during which its values may still arrive' })
  @IsOptional()
  @IntRange(0, 90)
  closeAfterDays?: number;
}
