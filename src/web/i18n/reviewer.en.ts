import type { reviewerVi } from './reviewer.vi';

/** English words of the reviewer's clarification and workbook pages, and the administrator's reviewer assignments (the same keys as reviewer.vi.ts). */
export const reviewerEn: { [K in keyof typeof reviewerVi]: string } = {};
