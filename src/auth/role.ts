export enum Role {
  Admin = 'admin',
  Officer = 'officer',
  Reviewer = 'reviewer',
}

export const ROLES = Object.values(Role);
