import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { CharLength } from '../../common/validators';

/** A scope: a series code (a feed's framework code, e.g. DVCTT, SI766): letters, digits, '.', '_' and '-'. */
export const SCOPE_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class ApiKeyScopesDto {
  @ApiProperty({
    type: [String],
    example: ['DVCTT', 'SI766'],
    description: "the series (framework codes) the key may write through the feed API; checked by form only here, by the feed on each push",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(SCOPE_RULE, { each: true, message: 'each scope is a series code: letters, digits, ".", "_" or "-", at most 64' })
  scopes: string[];
}

export class CreateServiceAccountDto extends ApiKeyScopesDto {
  @ApiProperty({ example: 'cong-dich-vu-cong@he-thong.gov.vn', description: "the account's name to sign in by: an e-mail of the system's operator" })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Cổng Dịch vụ công quốc gia' })
  @IsString()
  @CharLength(1, 200)
  fullName: string;
}
