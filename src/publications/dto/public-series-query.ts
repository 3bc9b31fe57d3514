import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { MONTH_PATTERN } from '../public-series.service';

/** A series (its framework's code) and level; an unknown one is a 404, a malformed one a 400. */
export class PublicSeriesParams {
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'series must be a framework code (letters, digits, . _ -)' })
  series: string;

  @Matches(/^[a-z_]{1,16}$/, { message: 'level must be a level code such as province or ministry' })
  level: string;
}

export class PublicSeriesUnitParams extends PublicSeriesParams {
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be a unit code' })
  code: string;
}

export class PublicSeriesMonthQuery {
  /** A published month, YYYY-MM; the latest published by default. */
  @ApiPropertyOptional({ type: String, example: '2020-12', description: 'a published month, YYYY-MM; the latest published month by default' })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'month must be a month YYYY-MM (01 to 12), e.g. 2020-12' })
  month?: string;
}
