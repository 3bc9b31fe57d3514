// Every e2e file reads config/test.yaml, with the database, queue prefix and upload folder of its Jest worker: the
// run's (global-setup.ts), each with the worker's number (test-run.ts). process.env here is this file's own copy.
import { TEST_WORKERS_VAR, workerDatabaseUrl, workerQueuePrefix, workerUploadDir } from './test-run';

process.env.NODE_ENV = 'test';
const worker = Number(process.env.JEST_WORKER_ID);
const workers = Number(process.env[TEST_WORKERS_VAR]);
if (!(Number.isInteger(worker) && worker >= 1 && worker <= workers)) {
  throw new Error(`test/setup/env.ts: Jest worker ${process.env.JEST_WORKER_ID} has no database (global-setup.ts made ${workers || 'none'})`);
}
process.env.DATABASE_URL = workerDatabaseUrl(process.env.DATABASE_URL!, worker);
process.env.QUEUE_PREFIX = workerQueuePrefix(process.env.QUEUE_PREFIX!, worker);
process.env.UPLOAD_DIR = workerUploadDir(process.env.UPLOAD_DIR!, worker);
