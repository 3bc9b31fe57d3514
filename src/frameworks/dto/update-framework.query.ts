import { Type } from 'class-transformer';
import { IntRange } from '../../common/validators';

/** The row version read, for PUT: a stale one is refused with 409 (If-Match carries the same). */
export class UpdateFrameworkQuery {
  @Type(() => Number)
  @IntRange(1)
  rowVersion: number;
}
