import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IntRange } from '../../common/validators';
import { PASSWORD_RULE } from './create-user.dto';

/** An administrator's new password for another user (the password rules of a new account). */
export class ResetPasswordDto {
  @ApiProperty({ description: 'the version read; a stale version is refused with 409' })
  @IntRange(1)
  version: number;

  @ApiProperty({ minLength: PASSWORD_RULE.min })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  newPassword: string;
}
