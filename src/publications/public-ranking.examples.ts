import type { PublicRanking } from './public-results.service';

/** The OpenAPI example of a published ranking (2022 provinces, two rows and three columns of 63 and 14). */
export const PUBLIC_RANKING_EXAMPLE: PublicRanking = {
  year: 2022,
  level: 'province',
  version: 1,
  publicationId: '45b19bd0-5a0a-4445-9928-fc4a3d0b6adb',
  sha256: 'cb8e5ac0a65527e8b1bbf4e1dd6319ff84ce9a521834f888a54d1d89180c80d7',
  framework: {
    code: 'PDTI',
    version: '2022.1',
    nameVi: 'Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI) năm 2022',
    nameEn: 'Provincial digital transformation index (DTI) 2022',
    source: 'Quyết định 922/QĐ-BTTTT ngày 20/5/2022, Phụ lục 1 (DTI cấp tỉnh)',
    sourceEn: 'Decision 922/QĐ-BTTTT of 20/5/2022, Appendix 1 (provincial DTI)',
  },
  columns: [
    { code: 'I', nameVi: 'Nhóm chỉ số nền tảng chung', nameEn: 'Common foundation group', kind: 'group' },
    { code: 'NT', nameVi: 'Nhận thức số', nameEn: 'Digital awareness', kind: 'main' },
    { code: 'CQS', nameVi: 'Chính quyền số', nameEn: 'Digital government', kind: 'pillar' },
  ],
  groups: [],
  group: null,
  rows: [
    {
      rank: 1,
      groupRank: null,
      code: '48',
      nameVi: 'Đà Nẵng',
      nameEn: 'Da Nang',
      unitGroup: null,
      ranked: true,
      index: 0.89,
      values: { I: 0.8881, NT: 0.8745, CQS: 0.8847 },
      previous: null,
    },
    {
      rank: 2,
      groupRank: null,
      code: '95',
      nameVi: 'Bạc Liêu',
      nameEn: 'Bac Lieu',
      unitGroup: null,
      ranked: true,
      index: 0.8658,
      values: { I: 0.8615, NT: 0.8295, CQS: 0.8535 },
      previous: null,
    },
  ],
};
