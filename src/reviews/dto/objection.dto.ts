import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, Matches } from 'class-validator';
import { CharLength } from '../../common/validators';
import { INDICATOR_CODE, INDICATOR_MESSAGE } from './decision.dto';

export class CreateObjectionDto {
  @ApiProperty({ example: 'NT.02' })
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode: string;

  @ApiProperty()
  @CharLength(1, 10_000)
  reason: string;

  @ApiPropertyOptional({ description: 'evidence of the unit\'s submission supporting the objection' })
  @IsOptional()
  @IsUUID()
  evidenceId?: string;
}

export class DecideObjectionDto {
  @ApiProperty({ enum: ['accept', 'reject'] })
  @IsIn(['accept', 'reject'])
  outcome: 'accept' | 'reject';

  @ApiProperty({ description: 'the answer to the unit' })
  @CharLength(1, 10_000)
  answer: string;

  @ApiPropertyOptional({ description: 'accept: the new value (rule leaves: its points follow from it)' })
  @IsOptional()
  value?: unknown;

  @ApiPropertyOptional({ description: 'accept on a hand-scored leaf: the new points' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  points?: number;
}
