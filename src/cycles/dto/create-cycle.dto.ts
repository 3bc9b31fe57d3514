import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { DateInRange, IntRange } from '../../common/validators';
import { UNIT_LEVELS, type UnitLevel } from '../../units/unit-level';

export class ParticipantDto {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: 'ranking group; default: the unit registry group' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'unitGroup must be 1-64 lower-case letters, digits or "_"' })
  unitGroup?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  ranked?: boolean;
}

export class CreateCycleDto {
  @ApiProperty({ example: 2022, description: 'the data year' })
  @IntRange(2020, 2100)
  year: number;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiProperty({ description: 'the framework version scored; frozen when the cycle opens' })
  @IsUUID()
  frameworkId: string;

  @ApiProperty({ example: 'Đánh giá DTI cấp tỉnh năm 2022' })
  @IsString()
  @Length(1, 300)
  nameVi: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  nameEn?: string;

  @ApiProperty({ example: '2023-03-01T08:00:00+07:00', description: 'without an offset: Asia/Ho_Chi_Minh' })
  @DateInRange()
  opensAt: string;

  @ApiProperty({ example: '2023-04-30T17:00:00+07:00' })
  @DateInRange()
  closesAt: string;

  @ApiPropertyOptional({ description: 'for an index of a province over its own units: that province' })
  @IsOptional()
  @IsUUID()
  scopeUnitId?: string;

  @ApiPropertyOptional({
    type: [ParticipantDto],
    description: 'default: the units of the level valid on 31/12 of the year (within the scope unit, if any)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];
}
