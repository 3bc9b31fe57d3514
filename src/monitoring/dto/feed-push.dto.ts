import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray } from 'class-validator';

/** At most this many rows in one push (a national system sends a month in several pushes): 413 beyond. */
export const FEED_MAX_ROWS = 5_000;

export class FeedPushDto {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['unit', 'indicator'],
      properties: {
        unit: { type: 'string', description: "the unit's code (a participant of the month's cycle)" },
        indicator: { type: 'string', description: 'a leaf code of the series\' framework measured by a national system (`source: system`)' },
        value: { description: 'the value, of the leaf\'s input type (a percent 0..100, a number, ...)' },
        inputs: { type: 'object', additionalProperties: { type: 'number' }, description: "a `numbers` leaf's counts by input name (e.g. online, total): the counts are kept, not only the ratio" },
      },
    },
    description: `the values, at most ${FEED_MAX_ROWS} rows; each (unit, indicator) at most once`,
  })
  @IsArray()
  @ArrayMinSize(1)
  values: unknown[];
}
