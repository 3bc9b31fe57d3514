import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DateInRange, IntRange } from '../../common/validators';

export class UpdateCycleDto {
  @ApiProperty()
  @IntRange(1)
  rowVersion: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  nameVi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  nameEn?: string;

  @ApiPropertyOptional({ description: 'only while the cycle is a draft' })
  @IsOptional()
  @IsUUID()
  frameworkId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @DateInRange()
  opensAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @DateInRange()
  closesAt?: string;
}
