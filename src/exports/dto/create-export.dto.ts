import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import type { ExportKind } from '../export-job.entity';

export const EXPORT_KINDS: ExportKind[] = ['ranking', 'score_card', 'cycle_data'];

/**
 * What to export: `ranking` {publicationId}, `score_card` {publicationId, unitCode}, `cycle_data` {cycleId}.
 * A parameter the kind does not take is refused (400), so that one export has one request key.
 */
export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_KINDS })
  @IsIn(EXPORT_KINDS)
  kind: ExportKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  publicationId?: string;

  @ApiPropertyOptional({ example: '48' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'unitCode must be a unit code' })
  unitCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cycleId?: string;
}
