import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class PublishDto {
  @ApiProperty({ description: 'the succeeded score run to freeze' })
  @IsUUID()
  runId: string;
}

export class CorrectPublicationDto extends PublishDto {
  @ApiProperty({ example: 'Sửa số liệu dịch vụ công trực tuyến của tỉnh X do lỗi đồng bộ' })
  @IsString()
  @Length(10, 2000)
  reason: string;
}
