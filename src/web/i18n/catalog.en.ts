import type { catalogVi } from './catalog.vi';

/** English words of the administrator's units, users and frameworks pages (the same keys as catalog.vi.ts). */
export const catalogEn: { [K in keyof typeof catalogVi]: string } = {};
