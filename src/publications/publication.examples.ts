import type { PublicationView } from './publication.view';

/** The OpenAPI examples of publishing a 2022 province cycle, shaped as the API answers them. */

export const PUBLISH_EXAMPLE = { runId: '25837a64-510d-4a65-9c3b-18c49323d13e' };

export const PUBLICATION_EXAMPLE: PublicationView = {
  id: '45b19bd0-5a0a-4445-9928-fc4a3d0b6adb',
  cycleId: '568629b8-cd0d-42ff-9725-00e8d1e8adef',
  runId: '25837a64-510d-4a65-9c3b-18c49323d13e',
  version: 1,
  year: 2022,
  level: 'province',
  series: null,
  periodIndex: null,
  sha256: 'cb8e5ac0a65527e8b1bbf4e1dd6319ff84ce9a521834f888a54d1d89180c80d7',
  reason: null,
  publishedAt: new Date('2023-07-12T03:00:00.000Z'),
};
