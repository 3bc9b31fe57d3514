// An e2e file of the embedded project reads config/test.yaml with its Jest worker's embedded PostgreSQL (served by
// embedded-global-setup.ts), the in-process queues and key store, and a queue prefix and upload folder of its own.
import { EMBEDDED } from '../../src/config/app-config';
import { EMBEDDED_RUN_DIR_VAR, EMBEDDED_URLS_VAR, embeddedUploadDir } from './embedded-run';

process.env.NODE_ENV = 'test';
const worker = Number(process.env.JEST_WORKER_ID);
const urls = JSON.parse(process.env[EMBEDDED_URLS_VAR] ?? '[]') as string[];
const runDir = process.env[EMBEDDED_RUN_DIR_VAR];
if (!(Number.isInteger(worker) && worker >= 1 && urls[worker - 1] && runDir)) {
  throw new Error(`test/setup/embedded-env.ts: Jest worker ${process.env.JEST_WORKER_ID} has no embedded database (embedded-global-setup.ts served ${urls.length})`);
}
process.env.DATABASE_URL = urls[worker - 1];
process.env.REDIS_URL = EMBEDDED;
process.env.QUEUE_PREFIX = `dti-embedded-w${worker}`;
process.env.UPLOAD_DIR = embeddedUploadDir(runDir, worker);
