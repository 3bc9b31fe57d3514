import type { SaveResult, SubmissionState } from './submission.view';

/** The OpenAPI examples of a self-assessment (a province answering PDTI 2022), shaped as the API answers them. */

export const SAVE_ANSWERS_EXAMPLE = {
  answers: [
    { indicatorCode: 'NT.02', value: 94.8, note: null },
    { indicatorCode: 'NT.03', value: 'full', note: 'Nghị quyết số 12/NQ-HĐND ngày 15/3/2022' },
  ],
};

export const SUBMISSION_STATE_EXAMPLE: SubmissionState = {
  submission: {
    id: 'c84144cb-f5d7-4ae6-b801-b9c124bcf107',
    cycleId: '568629b8-cd0d-42ff-9725-00e8d1e8adef',
    unitId: '26924be5-146d-46fa-b45b-d02d80dbab6d',
    status: 'draft',
    version: 2,
    submittedAt: null,
    returnedAt: null,
    returnedReason: null,
    updatedAt: new Date('2023-03-14T02:15:09.000Z'),
  },
  window: { writable: true, reason: null, details: null, until: '2023-04-30T17:00:00+07:00' },
  answers: {
    'NT.02': {
      value: 94.8,
      note: null,
      selfPoints: null,
      warnings: [{ rule: 'farFromLastYear', params: { value: 94.8, lastYear: 52.1, change: 0.5 } }],
      updatedAt: new Date('2023-03-14T02:15:09.000Z') },
    'NT.03': { value: 'full', note: 'Nghị quyết số 12/NQ-HĐND ngày 15/3/2022', selfPoints: null, warnings: [], updatedAt: new Date('2023-03-14T02:15:09.000Z') },
  },
  systemValues: {},
  evidence: {},
  selfScore: {
    index: 0.02,
    indexRounded: 0.02,
    nodes: {
      'NT.02': { points: 10, maxPoints: 10, value: 1 },
      'NT.03': { points: 10, maxPoints: 10, value: 1 },
      NT: { points: 20, maxPoints: 100, value: 0.2 },
    },
  },
  missing: [
    { indicatorCode: 'NT.03', name: 'Chỉ tiêu minh họa 1.3', missing: 'evidence' },
    { indicatorCode: 'NT.05', name: 'Chỉ tiêu minh họa 1.5', missing: 'value' },
  ],
};

/** A save's reply by default: the saved answers, the running score, what is missing (the whole state with ?include=state). */
export const SAVE_RESULT_EXAMPLE: SaveResult = {
  submission: SUBMISSION_STATE_EXAMPLE.submission,
  window: SUBMISSION_STATE_EXAMPLE.window,
  answers: SUBMISSION_STATE_EXAMPLE.answers,
  selfScore: SUBMISSION_STATE_EXAMPLE.selfScore,
  missing: SUBMISSION_STATE_EXAMPLE.missing,
};

export const SUBMITTED_STATE_EXAMPLE: SubmissionState = {
  ...SUBMISSION_STATE_EXAMPLE,
  submission: { ...SUBMISSION_STATE_EXAMPLE.submission, status: 'submitted', version: 9, submittedAt: new Date('2023-04-20T03:00:00.000Z') },
  missing: [],
};
