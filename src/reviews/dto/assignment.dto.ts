import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { IntRange } from '../../common/validators';

export class AssignReviewerDto {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiProperty()
  @IsUUID()
  reviewerId: string;

  @ApiPropertyOptional({ description: 'the lead reviewer of the unit (one per unit; replaces the current lead)' })
  @IsOptional()
  @IsBoolean()
  isLead?: boolean;
}

/** Reviewers spread evenly over units: each unit gets `perUnit` of them, the least loaded first, never a conflict. */
export class BulkAssignDto {
  @ApiProperty({ type: [String] })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  reviewerIds: string[];

  @ApiPropertyOptional({ type: [String], description: 'default: every participating unit' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IntRange(1, 10)
  perUnit?: number;
}
