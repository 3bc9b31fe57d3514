import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { PG_INT_MAX } from '../../common/validators';
import { PASSWORD_RULE } from './create-user.dto';

/** An administrator's new password for another user (the password rules of a new account). */
export class ResetPasswordDto {
  @ApiProperty({ description: 'the version read; a stale version is refused with 409' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiProperty({ minLength: PASSWORD_RULE.min })
  @IsString()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max)
  newPassword: string;
}
