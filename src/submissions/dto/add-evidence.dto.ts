import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Length, Matches, ValidateIf } from 'class-validator';
import { DateInRange, IntRange } from '../../common/validators';

const INDICATOR_CODE = /^[A-Za-z0-9._-]{1,64}$/;
const INDICATOR_MESSAGE = 'indicatorCode must be 1-64 letters, digits, ".", "_" or "-"';

/** A citation of a document (số hiệu, tên văn bản, ngày ban hành, trích yếu) or a link, as evidence of one indicator. */
export class AddEvidenceDto {
  @ApiPropertyOptional({ description: 'the version read (or send it in If-Match)' })
  @IsOptional()
  @IntRange(1)
  version?: number;

  @ApiProperty({ example: 'NT.01' })
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode: string;

  @ApiProperty({ enum: ['citation', 'link'] })
  @IsIn(['citation', 'link'])
  kind: 'citation' | 'link';

  @ApiPropertyOptional({ example: '1234/QĐ-UBND', description: 'citation: số hiệu' })
  @ValidateIf((o: AddEvidenceDto) => o.kind === 'citation')
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @ApiPropertyOptional({ description: 'citation: tên văn bản' })
  @ValidateIf((o: AddEvidenceDto) => o.kind === 'citation')
  @IsString()
  @Length(1, 500)
  documentTitle?: string;

  @ApiPropertyOptional({ example: '2022-05-20', description: 'citation: ngày ban hành' })
  @ValidateIf((o: AddEvidenceDto) => o.kind === 'citation')
  @DateInRange()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date YYYY-MM-DD' })
  issuedOn?: string;

  @ApiPropertyOptional({ description: 'citation: trích yếu' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  summary?: string;

  @ApiPropertyOptional({ example: 'https://danang.gov.vn/chuyen-doi-so' })
  @ValidateIf((o: AddEvidenceDto) => o.kind === 'link')
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) address' })
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  label?: string;
}

/** The form fields that come with an uploaded evidence file. */
export class UploadEvidenceDto {
  @ApiPropertyOptional({ description: 'the version read (or send it in If-Match)' })
  @IsOptional()
  @Type(() => Number)
  @IntRange(1)
  version?: number;

  @ApiProperty({ example: 'NT.01' })
  @Matches(INDICATOR_CODE, { message: INDICATOR_MESSAGE })
  indicatorCode: string;
}
