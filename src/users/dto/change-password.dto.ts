import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_RULE } from './create-user.dto';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_RULE.max)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_RULE.min })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  newPassword: string;
}
