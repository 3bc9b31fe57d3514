import type { Role } from '../users/role';

export interface TokenPayload {
  sub: string;
  role: Role;
  unitId: string | null;
  iat?: number;
  exp?: number;
}
