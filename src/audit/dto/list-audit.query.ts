import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DateInRange } from '../../common/validators';
import { PaginationQuery } from '../../common/pagination.dto';

/**
 * The shape of every action the services record (audit.record): two or more dotted segments of small letters,
 * digits, _ and -, e.g. unit.create, cycle.extension_revoke, reviewer.conflict.add, review.lead-decide.
 */
export const AUDIT_ACTION = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;

/** The log's filters, shared by its pages (ListAuditQuery) and its export. */
export class AuditFilters {
  @ApiPropertyOptional({ example: 'cycle', description: 'only entries about this kind of entity' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional({ description: 'only entries about this entity (with entityType)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only what this user did' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only entries about this unit (the unit itself, its submission, its reviews, its extension)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: 'cycle.move', description: 'only this action: dotted words, e.g. unit.create or reviewer.conflict.add' })
  @IsOptional()
  @MaxLength(64)
  @Matches(AUDIT_ACTION, { message: 'action must be dotted words of small letters, digits, _ and -, e.g. unit.create or reviewer.conflict.add' })
  action?: string;

  @ApiPropertyOptional({ example: '2023-03-01', description: 'only entries at or after this date-time (Vietnam time without an offset)' })
  @IsOptional()
  @DateInRange()
  from?: string;

  @ApiPropertyOptional({ example: '2023-04-30T17:00:00+07:00', description: 'only entries before this date-time (exclusive)' })
  @IsOptional()
  @DateInRange()
  to?: string;
}

export class ListAuditQuery extends IntersectionType(AuditFilters, PaginationQuery) {}
