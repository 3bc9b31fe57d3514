import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { CharLength, DateInRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../unit-level';

export class CreateUnitDto {
  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiProperty({ example: '48' })
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be 1-32 letters, digits, ".", "_" or "-"' })
  code: string;

  @ApiProperty({ example: 'Đà Nẵng' })
  @IsString()
  @CharLength(1, 200)
  nameVi: string;

  @ApiPropertyOptional({ example: 'Da Nang' })
  @IsOptional()
  @IsString()
  @CharLength(1, 200)
  nameEn?: string;

  @ApiProperty({ example: '2025-07-01' })
  @DateInRange()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validFrom must be a date YYYY-MM-DD' })
  validFrom: string;

  @ApiPropertyOptional()
  @IsOptional()
  @DateInRange()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validTo must be a date YYYY-MM-DD' })
  validTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: 'with_public_services' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'unitGroup must be 1-64 lower-case letters, digits or "_"' })
  unitGroup?: string;

  @ApiPropertyOptional({ example: 'centrally_run_city' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'kind must be 1-64 lower-case letters, digits or "_"' })
  kind?: string;

  @ApiPropertyOptional({ description: 'ids of the units this one was formed from' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  predecessorIds?: string[];
}
