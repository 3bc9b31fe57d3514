import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsIn, IsNumber, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IntRange } from '../../common/validators';
import { ANALYSIS_NORMALISATIONS } from '../analysis-spec';

const WEIGHT_KINDS = ['range', 'dirichlet'] as const;

/** The weights' source: each weight by up to ± factor (COINr's noise), or a Dirichlet around the official shares. */
export class WeightsSourceDto {
  @ApiProperty({ enum: WEIGHT_KINDS })
  @IsIn(WEIGHT_KINDS)
  kind: (typeof WEIGHT_KINDS)[number];

  @ApiPropertyOptional({ example: 0.25, minimum: 0, maximum: 0.99, description: "range: each weight × (1 + factor × U(−1, 1)); required with kind 'range', refused with 'dirichlet'" })
  @ValidateIf((o: WeightsSourceDto) => o.kind === 'range' || o.factor !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.99)
  factor?: number;

  @ApiPropertyOptional({ example: 50, description: "dirichlet: the concentration (> 0; larger is closer to the official weights); required with kind 'dirichlet', refused with 'range'" })
  @ValidateIf((o: WeightsSourceDto) => o.kind === 'dirichlet' || o.concentration !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE, { message: 'concentration must be greater than 0' })
  @Max(1e6)
  concentration?: number;

  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: 10, description: "the depth of the weighted nodes: 1 the pillars (the root's children), the default" })
  @IsOptional()
  @IntRange(1, 10)
  level?: number;
}

/** The declared sources of uncertainty; at least one. */
export class AnalysisSourcesDto {
  @ApiPropertyOptional({ type: WeightsSourceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightsSourceDto)
  weights?: WeightsSourceDto;

  @ApiPropertyOptional({ description: "the pillars' aggregation into the index drawn between arithmetic and geometric" })
  @IsOptional()
  @IsBoolean()
  aggregation?: boolean;

  @ApiPropertyOptional({ enum: ANALYSIS_NORMALISATIONS, isArray: true, example: ['minmax', 'zscore'], description: 'alternatives for every normalised leaf; the official one is kept as an option' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ANALYSIS_NORMALISATIONS.length)
  @IsIn(ANALYSIS_NORMALISATIONS, { each: true })
  normalisation?: string[];

  @ApiPropertyOptional({ description: "each reviewed final value drawn among the assigned reviewers' decisions for that unit and indicator" })
  @IsOptional()
  @IsBoolean()
  reviewers?: boolean;
}

/** POST /api/v1/cycles/:cycleId/analyses. */
export class RequestAnalysisDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the score run analysed (of this cycle, succeeded); default: the cycle's latest succeeded run" })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ example: 1000, minimum: 1, maximum: 10000, default: 1000, description: 'Monte Carlo samples' })
  @IsOptional()
  @IntRange(1, 10_000)
  samples?: number;

  @ApiPropertyOptional({ example: 2026, default: 2026, description: 'the same seed, run and sources give the same analysis bit for bit' })
  @IsOptional()
  @IntRange(0)
  seed?: number;

  @ApiPropertyOptional({ example: 10, minimum: 1, default: 10, description: 'P(top k) is reported for this k' })
  @IsOptional()
  @IntRange(1, 100_000)
  top?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0, maximum: 5000, default: 0, description: 'Saltelli base samples N of the sensitivity indices (N × (sources + 2) runs); 0 skips them' })
  @IsOptional()
  @IntRange(0, 5000)
  sensitivitySamples?: number;

  @ApiProperty({ type: AnalysisSourcesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AnalysisSourcesDto)
  sources: AnalysisSourcesDto;
}
