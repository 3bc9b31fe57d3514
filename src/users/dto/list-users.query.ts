import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { Role } from '../../auth/role';

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: Role, description: 'only users of this role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', description: "only this unit's officers" })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
