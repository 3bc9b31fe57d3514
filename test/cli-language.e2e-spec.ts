import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The command line as a person runs it (#18: every command's output in one language): the built src/cli.ts in a
 * process of its own, Vietnamese by default, English with --lang en or DTI_LANG=en, and with --json one document on
 * stdout even when commander refuses the command line. Built here into a folder of its own, never the checkout's
 * dist/ (other commands may be running from it).
 */

const ROOT = process.cwd();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the command line in one language, and --json', () => {
  let dist: string;

  const dti = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, [join(dist, 'src', 'cli.js'), ...args], { cwd: ROOT, env: { ...process.env, DTI_LANG: undefined, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'dti-cli-language-'));
    const tsc = require.resolve('typescript/bin/tsc');
    // Type errors do not stop the emit: what is run here is the command line's own code.
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', dist, '--tsBuildInfoFile', join(dist, '.tsbuildinfo')], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      /* emitted all the same */
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'));
  }, 600_000);

  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('says a result in Vietnamese by default, in English with --lang en or DTI_LANG=en', async () => {
    const file = 'config/frameworks/pdti-2022.yaml';
    const vi = await dti(['framework:validate', file]);
    expect(vi).toMatchObject({ code: 0, stderr: '' });
    expect(vi.stdout).toMatch(/: hợp lệ \(PDTI /);
    const en = await dti(['--lang', 'en', 'framework:validate', file]);
    expect(en.stdout).toMatch(/: valid \(PDTI /);
    expect((await dti(['framework:validate', file], { DTI_LANG: 'en' })).stdout).toMatch(/: valid \(PDTI /);
  }, 300_000);

  it("refuses a command line in the language; with --json as one document on stdout, nothing on stderr, exit 1", async () => {
    const vi = await dti(['scor']);
    expect(vi.code).toBe(1);
    expect(vi.stderr).toMatch(/^lỗi: không có lệnh 'scor'\n\(Có phải ý là score\?\)/);

    const json = await dti(['--json', 'score', '--framework', 'f.yaml', '--data', 'd.csv', '--frobnicate']);
    expect(json).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, error: { code: 'commander.unknownOption', message: "không có tùy chọn '--frobnicate'" } });

    const en = await dti(['--json', '--lang', 'en', 'publication:verify']);
    expect(en).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(en.stdout)).toEqual({ ok: false, error: { code: 'commander.missingArgument', message: "missing required argument 'id'" } });
  }, 300_000);

  it("refuses the bench's own options in the language, after the global ones too", async () => {
    const vi = await dti(['bench', '--units', '0', 'engine']);
    expect(vi).toMatchObject({ code: 1, stdout: '', stderr: '--units phải là số nguyên dương, không phải 0\n' });
    const en = await dti(['--lang', 'en', '--json', 'bench', 'nowhere']);
    expect(en).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(en.stdout)).toMatchObject({ ok: false, error: { code: 'CliUsageError', message: 'unknown benchmark nowhere; known: engine, scoring, workbook, http, publish, feeds, cli-start, demo, whatif, analysis' } });
    // The database suites and the demo's measure real servers: on the embedded drivers (the default) they refuse.
    for (const suite of ['scoring', 'demo']) {
      const embedded = await dti(['bench', suite], { DATABASE_URL: 'embedded', REDIS_URL: 'embedded' });
      expect(embedded).toMatchObject({ code: 1, stdout: '' });
      expect(embedded.stderr).toContain('đo PostgreSQL và Redis thật: đặt DATABASE_URL=postgres://… và REDIS_URL=redis://…');
    }
  }, 300_000);
});
