import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyProcess } from './verify-process';

/**
 * runVerifyProcess's deadline against a stand-in child that never reports (the real one, verify-child.ts, needs a
 * compiled build and a database: test/verify-process.e2e-spec.ts runs it).
 */
describe('runVerifyProcess', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dti-verify-process-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stops a verify process that has not reported by its deadline, and rejects naming the publication and the deadline', async () => {
    const pidFile = join(dir, 'pid');
    const script = join(dir, 'hangs.js');
    // Says nothing and never ends on its own (the deadline leaves it time to start even on a loaded machine).
    await writeFile(script, `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => undefined, 1000);\n`);
    await expect(runVerifyProcess('p1', { heapMb: 100, script, deadlineMs: 5000 })).rejects.toThrow(
      'the verify process of publication p1 ended without a report: it had not finished after 5 s and was stopped',
    );
    const pid = Number(await readFile(pidFile, 'utf8'));
    // Gone: signal 0 only asks whether the process exists.
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
