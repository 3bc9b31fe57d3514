import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class LogoutDto {
  @ApiPropertyOptional({
    description: 'Signing out ends every session of the user (every device), as the issue of a stolen or shared token asks; false ends only this token',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  everywhere?: boolean;
}
