/** The OpenAPI examples of an analysis (a 2022 province cycle of 63 units), as the API takes and answers them. */
export const ANALYSIS_REQUEST_EXAMPLE = {
  samples: 1000,
  seed: 2026,
  top: 10,
  sources: { weights: { kind: 'range', factor: 0.25 }, aggregation: true },
};

export const ANALYSIS_REQUESTED_EXAMPLE = {
  id: '0b4f1d7e-6a55-4f0c-9a0e-3c1f4a2e8d11',
  cycleId: '568629b8-cd0d-42ff-9725-00e8d1e8adef',
  runId: '25837a64-510d-4a65-9c3b-18c49323d13e',
  status: 'queued',
  progress: 0,
  spec: { sources: { weights: { kind: 'range', factor: 0.25, level: 1 }, aggregation: true }, samples: 1000, seed: 2026, top: 10, sensitivitySamples: 0 },
  error: null,
  attempts: 0,
  requestedById: '62fd43a0-b6fc-4a9f-a453-c7d296d23b3b',
  createdAt: '2023-06-12T02:35:00.000Z',
  startedAt: null,
  finishedAt: null,
  publicationId: null,
  result: null,
};
