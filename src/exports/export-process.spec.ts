import { UnrecoverableError } from 'bullmq';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExportProcess } from './export-process';

/**
 * runExportProcess against small stand-in children speaking the export process's protocol (the real one,
 * export-child.ts, needs a compiled build and a database: test/export-process.e2e-spec.ts runs it).
 */
describe('runExportProcess', () => {
  let dir: string;
  const request = { kind: 'ranking' as const, params: { publicationId: 'p' } };
  const child = async (name: string, body: string): Promise<string> => {
    const file = join(dir, `${name}.js`);
    await writeFile(file, `const send = (m) => new Promise((r) => process.send(m, undefined, {}, r));\n(async () => {\n${body}\n})();\n`);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dti-export-process-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the request to the child, passes its progress on in order, and resolves with what it reports', async () => {
    const script = await child(
      'done',
      `const { request, path } = JSON.parse(process.argv[2]);
       for (const f of [0.25, 0.5, 0.75]) await send({ type: 'progress', fraction: f });
       await send({ type: 'done', fileName: request.params.publicationId + '|' + path, seconds: 1.5, maxRssBytes: 1, heapLimitMb: require('v8').getHeapStatistics().heap_size_limit / 1048576 });
       process.disconnect();`,
    );
    const seen: number[] = [];
    const result = await runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script, onProgress: (f) => void seen.push(f) });
    expect(seen).toEqual([0.25, 0.5, 0.75]);
    expect(result.fileName).toBe('p|/tmp/x.xlsx');
    // The old-space cap reached the child (V8 adds the young generation on top of it).
    expect(result.heapLimitMb).toBeGreaterThanOrEqual(100);
    expect(result.heapLimitMb).toBeLessThan(200);
  });

  it('rejects with UnrecoverableError when the child says what was asked for does not exist', async () => {
    const script = await child('missing', `await send({ type: 'failed', message: 'publication p not found', unrecoverable: true }); process.disconnect();`);
    const failure = runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script });
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow('publication p not found');
  });

  it('rejects with a plain Error (the job is retried) when the child fails otherwise', async () => {
    const script = await child('flaky', `await send({ type: 'failed', message: 'connection refused', unrecoverable: false }); process.disconnect();`);
    const failure = runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script });
    await expect(failure).rejects.toThrow('connection refused');
    await expect(failure).rejects.not.toBeInstanceOf(UnrecoverableError);
  });

  it('stops a child that has not finished by its deadline and rejects with a plain Error (the job is retried)', async () => {
    const script = await child('hangs', `await send({ type: 'progress', fraction: 0.1 }); setInterval(() => undefined, 1000);`);
    const failure = runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script, deadlineMs: 3000 });
    await expect(failure).rejects.toThrow('the export process ended without a workbook: it had not finished after 3 s and was stopped');
    await expect(failure).rejects.not.toBeInstanceOf(UnrecoverableError);
  });

  it('names the exit and the end of stderr when the child dies without a word, even after reporting done', async () => {
    const crash = await child('crash', `console.error('FATAL ERROR: JavaScript heap out of memory'); process.exit(134);`);
    await expect(runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script: crash })).rejects.toThrow(
      /exit code 134.*JavaScript heap out of memory \(its heap was capped at 100 MB\)/,
    );
    // As V8 prints it: the FATAL ERROR line above a dozen lines of native stack, which the message leaves out.
    const stack = Array.from({ length: 12 }, (_, i) => `console.error(' ${i + 1}: 0x10c78d6 node::OOMErrorHandler [node]');`).join(' ');
    const oom = await child('oom', `console.error('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'); ${stack} process.exit(134);`);
    const ended = runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script: oom });
    await expect(ended).rejects.toThrow(/exit code 134.*: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory \(its heap was capped at 100 MB\)$/);
    await expect(ended).rejects.not.toThrow(/OOMErrorHandler/);
    const quiet = await child('quiet', `console.error('first'); console.error('second'); console.error('third'); console.error('fourth'); process.exit(2);`);
    await expect(runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script: quiet })).rejects.toThrow(/exit code 2, signal null\): second \| third \| fourth$/);
    const late = await child('late', `await send({ type: 'done', fileName: 'f', seconds: 0, maxRssBytes: 0, heapLimitMb: 0 }); process.exit(3);`);
    await expect(runExportProcess(request, '/tmp/x.xlsx', { heapMb: 100, script: late })).rejects.toThrow(/exit code 3/);
  });
});
