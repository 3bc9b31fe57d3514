import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IntRange } from './validators';

export class PaginationQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'the page, from 1' })
  @IsOptional()
  @Type(() => Number)
  // Bounded so that the offset stays a plain integer (1e20 became OFFSET 5e+21, a syntax error).
  @IntRange(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500, description: 'rows per page' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(1, 500)
  pageSize: number = 50;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
