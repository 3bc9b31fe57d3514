import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { Role } from '../../auth/role';

export class ListUsersQuery extends PaginationQuery {
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @IsOptional()
  @IsUUID()
  unitId?: string;
}
