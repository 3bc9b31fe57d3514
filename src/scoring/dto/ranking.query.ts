import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class RankingQuery {
  /** A pillar or main indicator code: rank by its value instead of the index. */
  @ApiPropertyOptional({ example: 'NT', description: 'a pillar or main indicator code: rank by its value instead of the index' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'node must be a node code' })
  node?: string;

  /** Only this group (e.g. with_public_services), ranked within it. */
  @ApiPropertyOptional({ example: 'with_public_services', description: 'only this group, ranked within it' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'group must be a group code' })
  group?: string;
}
