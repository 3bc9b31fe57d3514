import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IntRange } from '../../common/validators';
import { MAX_TEXT_ANSWER } from '../answer-value';

export class AnswerInputDto {
  @ApiProperty({ example: 'NT.01' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'indicatorCode must be 1-64 letters, digits, ".", "_" or "-"' })
  indicatorCode: string;

  @ApiProperty({ description: "of the indicator's input type (checked against the framework); null clears it", nullable: true })
  @Allow()
  value: unknown;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(MAX_TEXT_ANSWER)
  note?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'for an indicator the reviewers score (rule manual): the unit\'s own points' })
  @Allow()
  selfPoints?: unknown;
}

export class SaveAnswersDto {
  @ApiPropertyOptional({ description: 'the version read (or send it in If-Match)' })
  @IsOptional()
  @IntRange(1)
  version?: number;

  @ApiProperty({ type: [AnswerInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AnswerInputDto)
  answers: AnswerInputDto[];
}

/** What a save answers: by default what a client needs after a save (SaveResult); `state`, the whole state as a read. */
export const SAVE_INCLUDES = ['state'] as const;

export class SaveAnswersQuery {
  @ApiPropertyOptional({
    enum: SAVE_INCLUDES,
    description: 'state: answer with the whole state (every answer, system values, evidence, window), as a read does; by default only the saved answers, the running self-score and what is missing',
  })
  @IsOptional()
  @IsIn(SAVE_INCLUDES, { message: 'include must be state' })
  include?: (typeof SAVE_INCLUDES)[number];
}

export class SubmitDto {
  @ApiPropertyOptional({ description: 'the version read (or send it in If-Match)' })
  @IsOptional()
  @IntRange(1)
  version?: number;
}

export class ReturnSubmissionDto extends SubmitDto {
  @ApiProperty({ example: 'Thiếu tài liệu kiểm chứng cho chỉ tiêu 2.3' })
  @IsString()
  @MaxLength(2000)
  @Matches(/\S{2,}/, { message: 'reason must say why' })
  reason: string;
}
