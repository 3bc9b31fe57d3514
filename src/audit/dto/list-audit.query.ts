import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DateInRange } from '../../common/validators';
import { PaginationQuery } from '../../common/pagination.dto';

/**
 * The shape of every action the services record (audit.record): two or more dotted segments of small letters,
 * digits, _ and -, e.g. unit.create, cycle.extension_revoke, reviewer.conflict.add, review.lead-decide.
 */
export const AUDIT_ACTION = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;

export class ListAuditQuery extends PaginationQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsOptional()
  @MaxLength(64)
  @Matches(AUDIT_ACTION, { message: 'action must be dotted words of small letters, digits, _ and -, e.g. unit.create or reviewer.conflict.add' })
  action?: string;

  @IsOptional()
  @DateInRange()
  from?: string;

  @IsOptional()
  @DateInRange()
  to?: string;
}
