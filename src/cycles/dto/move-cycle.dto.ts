import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { CyclePhase } from '../cycle-phase';

export class MoveCycleDto {
  @ApiProperty({ enum: CyclePhase })
  @IsEnum(CyclePhase)
  to: CyclePhase;

  @ApiProperty()
  @IsInt()
  @Min(1)
  rowVersion: number;

  @ApiPropertyOptional({ description: 'why, e.g. when going back a phase' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
