/**
 * What the embedded test run (the `embedded` Jest project: some e2e files again, on PGlite and the in-process queues)
 * shares with its files. embedded-global-setup.ts serves one embedded PostgreSQL per Jest worker and names them here,
 * in the environment every worker inherits; embedded-env.ts points each file at its worker's.
 */
import { join } from 'node:path';

/** The served embedded databases' URLs, a JSON array: worker n's at n - 1. */
export const EMBEDDED_URLS_VAR = 'DTI_EMBEDDED_TEST_URLS';

/** The run's folder (var/embedded-test-<run>): each worker's data folder and upload folder under it. */
export const EMBEDDED_RUN_DIR_VAR = 'DTI_EMBEDDED_TEST_DIR';

export const embeddedDataDir = (runDir: string, id: number): string => join(runDir, `pg-w${id}`);

export const embeddedUploadDir = (runDir: string, id: number): string => join(runDir, `uploads-w${id}`);
