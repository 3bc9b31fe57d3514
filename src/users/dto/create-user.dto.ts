import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { CharLength } from '../../common/validators';
import { Role, ROLES } from '../../auth/role';

export const PASSWORD_RULE = { min: 12, max: 200 };

export class CreateUserDto {
  @ApiProperty({ example: 'can.bo@danang.gov.vn' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @CharLength(1, 200)
  fullName: string;

  @ApiProperty({ enum: ROLES, description: 'a person\'s role (a service account is made with POST /api/v1/service-accounts)' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for an officer: the one unit it works for' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ minLength: PASSWORD_RULE.min })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  password: string;
}
