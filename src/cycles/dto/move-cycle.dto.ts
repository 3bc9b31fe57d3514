import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { IntRange } from '../../common/validators';
import { CyclePhase } from '../cycle-phase';

export class MoveCycleDto {
  @ApiProperty({ enum: CyclePhase })
  @IsEnum(CyclePhase)
  to: CyclePhase;

  @ApiProperty()
  @IntRange(1)
  rowVersion: number;

  @ApiPropertyOptional({ description: 'why, e.g. when going back a phase' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
