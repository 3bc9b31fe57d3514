import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** A monitored series (its framework's code) and a level, as an address names them. */
export class MonitoringSeriesParams {
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'series must be a framework code (letters, digits, . _ -)' })
  series: string;

  @Matches(/^[a-z_]{1,16}$/, { message: 'level must be a level code such as province or ministry' })
  level: string;
}

/** A month of the series. */
export class MonitoringMonthQuery {
  @ApiProperty({ type: String, example: '2020-12', description: 'the month, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month YYYY-MM (01 to 12), e.g. 2020-12' })
  month: string;
}
