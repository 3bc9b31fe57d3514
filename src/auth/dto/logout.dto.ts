import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class LogoutDto {
  @ApiPropertyOptional({ description: 'true: end every session of the user (every device), not only this token', default: false })
  @IsOptional()
  @IsBoolean()
  everywhere?: boolean;
}
