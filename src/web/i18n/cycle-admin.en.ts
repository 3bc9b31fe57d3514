import type { cycleAdminVi } from './cycle-admin.vi';

/** English words of the administrator's participants, extensions and export pages of a cycle (the same keys as cycle-admin.vi.ts). */
export const cycleAdminEn: { [K in keyof typeof cycleAdminVi]: string } = {};
