import 'reflect-metadata';
import { runAsCappedChild } from '../queue/capped-child';
import { verifyPublication, type VerifyReport } from './publication-verify';

/**
 * The verify process (started by runVerifyProcess): `node --max-old-space-size=<MB> verify-child.js
 * '{"publicationId": …}'` verifies one publication and reports over IPC, then ends.
 */
runAsCappedChild<{ publicationId: string }, { report: VerifyReport }>(async (db, { publicationId }) => ({
  report: await verifyPublication(db, publicationId),
}));
