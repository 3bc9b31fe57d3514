import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CharLength } from '../../common/validators';

/** A declared conflict of interest; a reviewer's own unit is declared with the reason "own unit". */
export class AddConflictDto {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: 'own unit' })
  @CharLength(1, 500)
  reason: string;
}
