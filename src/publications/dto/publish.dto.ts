import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class PublishDto {
  @ApiProperty({ description: 'the succeeded score run to freeze' })
  @IsUUID()
  runId: string;

  @ApiPropertyOptional({
    description: "a succeeded uncertainty analysis of that run to freeze with it (its rank intervals are then published); by default the run's latest succeeded one, if any",
  })
  @IsOptional()
  @IsUUID()
  analysisId?: string;
}

export class CorrectPublicationDto extends PublishDto {
  @ApiProperty({ example: 'Sửa số liệu dịch vụ công trực tuyến của tỉnh X do lỗi đồng bộ' })
  @IsString()
  @Length(10, 2000)
  reason: string;
}
