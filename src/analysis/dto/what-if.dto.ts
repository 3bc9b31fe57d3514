import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

/** A what-if's changes. Each entry is checked against its leaf by the service (WhatIfService), which names values.<code>. */
export class WhatIfDto {
  @ApiProperty({
    description:
      "leaf code → the value it would have, of the leaf's input type (boolean, number, a choice's option value, {name: number} for a formula's named inputs); for a hand-scored leaf (rule manual) the points a reviewer would give; null clears the answer. At most 500 entries; {} scores the unit as it is.",
    example: { 'NT.06': true, 'NT.01': 80 },
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'object', additionalProperties: { type: 'number' } }], nullable: true },
  })
  @IsObject()
  values: Record<string, unknown>;
}
