import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export const FRAMEWORK_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export class CloneFrameworkDto {
  @ApiProperty({ example: '2023.2', description: 'the new version of the same framework code' })
  @Matches(FRAMEWORK_VERSION_PATTERN, { message: 'version must be 1-32 letters, digits, ".", "_" or "-"' })
  version: string;
}
