import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, ValidateIf } from 'class-validator';
import { CharLength, IntRange } from '../../common/validators';
import { Role, ROLES } from '../../auth/role';

export class UpdateUserDto {
  @ApiProperty({ description: 'the version read; a stale version is refused with 409' })
  @IntRange(1)
  version: number;

  // Optional, but not nullable (fullName, role, disabled): null would reach a NOT NULL column (a 500).
  @ApiPropertyOptional()
  @ValidateIf((_o, value) => value !== undefined)
  @IsString()
  @CharLength(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'a person\'s role; a service account keeps its own' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(ROLES)
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
