import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/** The row version read, for PUT: a stale one is refused with 409 (If-Match carries the same). */
export class UpdateFrameworkQuery {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rowVersion: number;
}
