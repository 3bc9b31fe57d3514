import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { DateInRange, IntRange } from '../../common/validators';
import { REVIEW_POLICIES, ReviewPolicy } from '../review-policy';

export class UpdateReviewSettingsDto {
  @ApiPropertyOptional({ description: 'the version read (or send it in If-Match); not needed for the first settings' })
  @IsOptional()
  @IntRange(1)
  version?: number;

  @ApiPropertyOptional({ enum: REVIEW_POLICIES })
  @IsOptional()
  @IsIn(REVIEW_POLICIES)
  policy?: ReviewPolicy;

  @ApiPropertyOptional({ example: 0.2, description: 'reviewers differing by more than this share of max points are flagged' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  disagreementShare?: number;

  @ApiPropertyOptional({ description: 'the objection window opens (Vietnam time without an offset); null closes it' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @DateInRange()
  objectionsOpenAt?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @DateInRange()
  objectionsCloseAt?: string | null;
}
