import type { Actor } from '../../auth/actor';

/** A participating unit of the demo, with the officer who fills in its self-assessment. */
export interface DemoUnit {
  id: string;
  code: string;
  nameVi: string;
  officer: Actor;
}

/** A level the demo runs, and how its cycles and evidence are worded. */
export interface DemoLevel {
  code: 'province' | 'ministry' | 'national';
  /** As in "Đánh giá DTI cấp tỉnh năm 2022". */
  nameVi: string;
  /** As in "Provincial DTI 2022". */
  nameEn: string;
  /** The number of the plan a unit cites as evidence. */
  documentNumber: (unit: DemoUnit) => string;
}

/** Provinces cite their people's committee's plan (UBND); ministries and the nation their own. */
export const DEMO_LEVELS: Record<DemoLevel['code'], DemoLevel> = {
  province: { code: 'province', nameVi: 'cấp tỉnh', nameEn: 'Provincial', documentNumber: (u) => `${100 + (Number(u.code) || 0)}/KH-UBND` },
  ministry: { code: 'ministry', nameVi: 'cấp bộ', nameEn: 'Ministry', documentNumber: (u) => `120/KH-${u.code}` },
  national: { code: 'national', nameVi: 'cấp quốc gia', nameEn: 'National', documentNumber: () => '150/KH-UBQGCĐS' },
};

/** One year of one level of the demo: its units, framework, and who goes through the template or objects. */
export interface DemoYearPlan {
  level: DemoLevel;
  year: number;
  frameworkFile: string;
  unitsByCode: Map<string, DemoUnit>;
  /** These units fill their self-assessment through the Excel template round trip. */
  templateUnits: string[];
  reviewers: Actor[];
  /** These units object to a reviewed score (an objection window is opened): the first's is accepted, the second's rejected. */
  objectors: string[];
}
