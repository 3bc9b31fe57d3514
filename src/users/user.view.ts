import type { Role } from '../auth/role';

/** An account as other features and the pages read it (never its password hash or session marks). */
export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
