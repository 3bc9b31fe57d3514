import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DateInRange } from '../../common/validators';

export class GrantExtensionDto {
  @ApiProperty({ example: '2023-05-07T17:00:00+07:00', description: 'the unit may write until then' })
  @DateInRange()
  until: string;

  @ApiProperty({ example: 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class RevokeExtensionDto {
  @ApiProperty({ example: 'Gia hạn nhầm đơn vị; Sở TT&TT đã rút đề nghị' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}
