import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsIn, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CharLength, IntRange } from '../../common/validators';
import { DECISION_KINDS, type DecisionKind } from '../review-policy';

export const INDICATOR_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const INDICATOR_MESSAGE = 'indicatorCode must be 1-64 letters, digits, ".", "_" or "-"';

export class DecisionInputDto {
  @ApiProperty({ example: 'NT.02' })
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode: string;

  @ApiProperty({ enum: DECISION_KINDS })
  @IsIn(DECISION_KINDS)
  decision: DecisionKind;

  @ApiPropertyOptional({ description: 'adjust: the new value, as the leaf\'s input type takes it (JSON)' })
  @IsOptional()
  value?: unknown;

  @ApiPropertyOptional({ description: 'adjust of a hand-scored (manual) leaf: the points' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  points?: number;

  @ApiPropertyOptional({ description: 'required to adjust (why) and to clarify (the question)' })
  @IsOptional()
  @CharLength(1, 10_000)
  comment?: string;

  @ApiPropertyOptional({ description: 'the version of your decision read, to change one; absent for a first decision' })
  @IsOptional()
  @IntRange(1)
  version?: number;
}

export class DecideDto {
  @ApiProperty({ type: [DecisionInputDto] })
  @IsDefined()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => DecisionInputDto)
  decisions: DecisionInputDto[];
}

/** The lead reviewer's (or an admin's) decision on a flagged indicator: a value or points, and why. */
export class LeadDecisionDto {
  @ApiPropertyOptional({ description: 'the final value (rule leaves: its points follow from it)' })
  @IsOptional()
  value?: unknown;

  @ApiPropertyOptional({ description: 'hand-scored leaves: the final points' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  points?: number;

  @ApiProperty()
  @CharLength(1, 10_000)
  reason: string;
}
