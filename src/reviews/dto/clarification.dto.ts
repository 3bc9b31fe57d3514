import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CharLength } from '../../common/validators';
import { INDICATOR_CODE, INDICATOR_MESSAGE } from './decision.dto';

export class PostMessageDto {
  @ApiProperty({ example: 'NT.02' })
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode: string;

  @ApiProperty()
  @CharLength(1, 10_000)
  body: string;
}
