import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CharLength, DateInRange, IntRange } from '../../common/validators';

export class UpdateUnitDto {
  @ApiProperty({ description: 'the version read; a stale version is refused with 409' })
  @IntRange(1)
  version: number;

  @ApiPropertyOptional()
  // Optional, but not nullable: null would reach the NOT NULL column (a 500).
  @ValidateIf((_o, value) => value !== undefined)
  @IsString()
  @CharLength(1, 200)
  nameVi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @CharLength(1, 200)
  nameEn?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, value) => value !== null)
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'unitGroup must be 1-64 lower-case letters, digits or "_"' })
  unitGroup?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, value) => value !== null)
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'kind must be 1-64 lower-case letters, digits or "_"' })
  kind?: string | null;
}

export class RetireUnitDto {
  @ApiProperty()
  @IntRange(1)
  version: number;

  @ApiProperty({ description: 'the last day the unit is valid', example: '2025-06-30' })
  @DateInRange()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validTo must be a date YYYY-MM-DD' })
  validTo: string;

  @ApiProperty({ example: 'Nghị quyết 202/2025/QH15: sáp nhập' })
  @IsString()
  @Length(3, 500)
  reason: string;
}
