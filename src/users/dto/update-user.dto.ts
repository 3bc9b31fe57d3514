import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { CharLength, PG_INT_MAX } from '../../common/validators';
import { Role } from '../role';

export class UpdateUserDto {
  @ApiProperty({ description: 'the version read; a stale version is refused with 409' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  // Optional, but not nullable (fullName, role, disabled): null would reach a NOT NULL column (a 500).
  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsString()
  @CharLength(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ enum: Role })
  @ValidateIf((_o, value) => value !== undefined)
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, value) => value !== null)
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  disabled?: boolean;
}
