import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@dti.local' })
  @IsString()
  @Length(3, 254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;
}
