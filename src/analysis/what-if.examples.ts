import type { WhatIfAnswer } from './what-if.service';

/** The OpenAPI document's examples of a what-if (a province of PDTI 2022, published). */
export const WHAT_IF_REQUEST_EXAMPLE = { values: { 'NT.06': true, 'NT.01': 80 } };

export const WHAT_IF_EXAMPLE: WhatIfAnswer = {
  basis: { kind: 'publication', runId: '6f1c2a4e-3b7d-4c1e-9a55-2d8e0f4b7c11', inputsHash: 'a3f5…', publicationId: '0b9e7d3c-5a21-4f6e-8c4d-1e2f3a4b5c6d', version: 1 },
  unit: '48',
  before: { index: 0.612345, indexRounded: 0.6123, rank: 12, groupRank: null },
  after: { index: 0.634512, indexRounded: 0.6345, rank: 9, groupRank: null },
  moved: [],
  exact: true,
  cheapest: [
    { code: 'NT.02', nameVi: 'Chỉ tiêu minh họa 1.2', kind: 'next_band', from: 45, to: 60, index: 0.641, indexRounded: 0.641, rank: 7, rankGain: 2, indexGain: 0.0065, exact: true },
  ],
};
