import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuditFilters } from './list-audit.query';

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The log's filters, and the file to make of what they select. */
export class ExportAuditQuery extends AuditFilters {
  @ApiProperty({ enum: AUDIT_EXPORT_FORMATS, description: 'csv: UTF-8 with a BOM, for Excel; xlsx: a workbook' })
  @IsIn(AUDIT_EXPORT_FORMATS)
  format: AuditExportFormat;

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'the language of the headers, actions and values' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  lang?: 'vi' | 'en';
}
