import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { REMINDER_MESSAGE_MAX } from '../notices.service';

export class RemindDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['0b8e4a52-3c1d-4f6e-9a27-5d0c8e1f2a34'],
    description: "the units to remind (the cycle's participants); absent: every participant that has not submitted",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ example: 'Đề nghị các đơn vị hoàn thành trước ngày 15/7.', description: "the administrator's words added to the notice and the mail" })
  @IsOptional()
  @IsString()
  @MaxLength(REMINDER_MESSAGE_MAX)
  message?: string;
}
