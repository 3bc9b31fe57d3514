import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameworkImportCommand } from '../src/cli/commands/framework.commands';
import { runUnitsLoad } from '../src/cli/commands/units-load.command';
import { CliOutput, configureCliOutput, type CliLang } from '../src/cli/output/cli-output';
import { reportError } from '../src/cli/output/report-error';
import { FrameworksService } from '../src/frameworks/frameworks.service';
import { resetState, startTestApp, type TestApp } from './utils/test-app';

/** `npm run cli -- [--lang en] [--json] units:load` as the CLI runs it (its own Nest context on this worker's database). */
async function unitsLoad(lang: CliLang, json: boolean, dir?: string): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const output = new CliOutput(lang, json, { out: (t) => out.push(t), err: (t) => err.push(t) });
  // As src/cli.ts does with what a command throws.
  await runUnitsLoad({ dir }, output).catch((error: unknown) => reportError(error, output));
  return { out, err };
}

describe('the commands that use the database (units:load, framework:import) in the language, and --json', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    dir = mkdtempSync(join(tmpdir(), 'units-load-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('says what it loaded: a JSON document, then Vietnamese by default and English with --lang en', async () => {
    const first = await unitsLoad('vi', true);
    expect(first.err).toEqual([]);
    const doc = JSON.parse(first.out.join('\n')) as { ok: boolean; files: string[]; created: number; updated: number; unchanged: number };
    expect(doc).toMatchObject({ ok: true, updated: 0, unchanged: 0 });
    expect(doc.files).toEqual(expect.arrayContaining(['provinces-2008.yaml', 'ministries.yaml']));
    expect(doc.created).toBeGreaterThan(100);

    // Loaded again: the same units, all unchanged (the loader is idempotent).
    const files = doc.files.join(', ');
    expect(await unitsLoad('vi', false)).toEqual({ out: [`units:load ${files}: tạo mới 0, cập nhật 0, không đổi ${doc.created}`], err: [] });
    expect(await unitsLoad('en', false)).toEqual({ out: [`units:load ${files}: 0 created, 0 updated, ${doc.created} unchanged`], err: [] });
  });

  it('refuses a broken registry file with ok false, the error code and every problem under --json', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'units: [ {code: ');
    const refused = await unitsLoad('vi', true, dir);
    const doc = JSON.parse(refused.out.join('\n')) as { ok: boolean; error: { code: string; details: string[] } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('UnitRegistryFileError');
    expect(doc.error.details.length).toBeGreaterThan(0);
    expect(doc.error.details.every((d) => d.startsWith('broken.yaml'))).toBe(true);
  });

  it('framework:import says what it stored: its id, code and version under --json, in Vietnamese by default, in English with --lang en', async () => {
    const file = join(process.cwd(), 'config', 'frameworks', 'ndti-2024.yaml');
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      // As src/cli.ts configures the output from --lang and --json before the command runs.
      configureCliOutput({ json: true });
      await frameworkImportCommand(file);
      const stored = JSON.parse(lines.join('\n')) as { ok: boolean; id: string; code: string; version: string };
      expect(stored).toEqual({ ok: true, file, id: expect.any(String), code: 'NDTI', version: expect.any(String) });
      expect(await t.app.get(FrameworksService).get(stored.id)).toMatchObject({ id: stored.id, code: stored.code, version: stored.version });

      // Two more versions of it, stored with the words of each language.
      const version = (v: string) => {
        const copy = join(dir, `ndti-${v}.yaml`);
        writeFileSync(copy, readFileSync(file, 'utf8').replace('version: "2024.1"', `version: "${v}"`));
        return copy;
      };
      lines.length = 0;
      configureCliOutput({});
      await frameworkImportCommand(version('2024.2'));
      configureCliOutput({ lang: 'en' });
      await frameworkImportCommand(version('2024.3'));
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`^framework:import ${dir}/ndti-2024\\.2\\.yaml: đã lưu NDTI 2024\\.2 \\([0-9a-f-]{36}\\)$`)),
        expect.stringMatching(new RegExp(`^framework:import ${dir}/ndti-2024\\.3\\.yaml: stored NDTI 2024\\.3 \\([0-9a-f-]{36}\\)$`)),
      ]);
    } finally {
      log.mockRestore();
      configureCliOutput({});
    }
  });
});
