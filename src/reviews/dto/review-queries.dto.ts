import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CharLength, IntRange } from '../../common/validators';
import { INDICATOR_CODE, INDICATOR_MESSAGE } from './decision.dto';

export class AssignmentsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}

export class WorkloadQuery {
  @ApiPropertyOptional({ description: 'admins: one reviewer\'s units' })
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}

export class ReviewWorkbookQuery {
  @ApiPropertyOptional({ description: 'admins (required): the reviewer whose workbook to download; a reviewer gets its own' })
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}

export class ThreadQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode?: string;
}

export class ObjectionsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['open', 'accepted', 'rejected'] })
  @IsOptional()
  @IsIn(['open', 'accepted', 'rejected'])
  status?: 'open' | 'accepted' | 'rejected';
}

/** Moves the cycle from review to scoring although some reviews are incomplete; the reason is recorded. */
export class OverrideDto {
  @ApiProperty()
  @IntRange(1)
  rowVersion: number;

  @ApiProperty()
  @CharLength(1, 1000)
  reason: string;
}
