import type { officerVi } from './officer.vi';

/** English words of the officer's pages of this area: the Excel template, clarification threads, reviewed scores and objections, the score card (the same keys as officer.vi.ts). */
export const officerEn: { [K in keyof typeof officerVi]: string } = {};
