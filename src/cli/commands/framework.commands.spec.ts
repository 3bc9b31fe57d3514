import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brokenFrameworkCases, BROKEN_DIR } from '../../../test/utils/broken-frameworks';
import { CliOutput, type CliLang } from '../output/cli-output';
import { runFrameworkValidate } from './framework.commands';

/** Runs the command as the CLI does (in the language, with or without --json), returning what it printed and its exit code. */
function runValidate(file: string, lang: CliLang = 'vi', json = false): { out: string; err: string; exitCode: number } {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = runFrameworkValidate(file, new CliOutput(lang, json, { out: (t) => out.push(t), err: (t) => err.push(t) }));
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}

describe('npm run cli -- framework:validate', () => {
  const shippedDir = join(process.cwd(), 'config', 'frameworks');
  const shipped = readdirSync(shippedDir).filter((f) => f.endsWith('.yaml'));
  const broken = brokenFrameworkCases();
  // A broken file with a mistake on a known line, to see the words around it.
  const withLine = broken.find((c) => c.errors.some((e) => e.line))!;

  it.each(shipped)('accepts the shipped %s (exit 0), in Vietnamese by default', (file) => {
    const { out, exitCode } = runValidate(join(shippedDir, file));
    expect(exitCode).toBe(0);
    expect(out).toMatch(/: hợp lệ \([\w.-]+ [\d.]+\)$/);
  });

  it.each(broken.map((c) => [c.file, c] as const))('refuses %s (exit 1) listing each path and rule', (_f, c) => {
    const { out, exitCode } = runValidate(join(BROKEN_DIR, c.file));
    expect(exitCode).toBe(1);
    const [head, ...listed] = out.split('\n');
    expect(head).toBe(`${join(BROKEN_DIR, c.file)}: ${c.errors.length} lỗi`);
    expect(listed).toHaveLength(c.errors.length);
    c.errors.forEach((e, i) => {
      expect(listed[i]).toContain(`${e.path || '(cả tệp)'}: `);
      expect(listed[i]).toMatch(new RegExp(`\\[${e.rule}\\]$`));
      if (e.line) expect(listed[i]).toContain(`dòng ${e.line}:`);
    });
  });

  it('says the same in English with --lang en', () => {
    const valid = runValidate(join(shippedDir, shipped[0]), 'en');
    expect(valid.out).toMatch(/: valid \([\w.-]+ [\d.]+\)$/);
    const refused = runValidate(join(BROKEN_DIR, withLine.file), 'en');
    expect(refused.exitCode).toBe(1);
    expect(refused.out.split('\n')[0]).toBe(`${join(BROKEN_DIR, withLine.file)}: ${withLine.errors.length} problem(s)`);
    const line = withLine.errors.find((e) => e.line)!.line;
    expect(refused.out).toContain(`line ${line}: `);
    expect(refused.out).not.toMatch(/dòng|lỗi|hợp lệ/);
  });

  it('says a file it cannot read in the language, or as a JSON refusal, exit 1', () => {
    const absent = join(BROKEN_DIR, 'absent.yaml');
    expect(runValidate(absent)).toEqual({ out: '', err: `${absent}: không đọc được tệp bộ chỉ số (ENOENT)`, exitCode: 1 });
    expect(runValidate(absent, 'en')).toEqual({ out: '', err: `${absent}: cannot read the framework file (ENOENT)`, exitCode: 1 });
    const json = runValidate(absent, 'en', true);
    expect([json.exitCode, json.err, JSON.parse(json.out)]).toEqual([1, '', { ok: false, file: absent, error: { code: 'ENOENT', message: 'cannot read the framework file (ENOENT)' } }]);
  });

  it('prints one JSON document with --json: ok with the code and version, or every problem with line, path, message and rule', () => {
    const valid = runValidate(join(shippedDir, shipped[0]), 'vi', true);
    expect(valid.exitCode).toBe(0);
    expect(valid.err).toBe('');
    const doc = JSON.parse(valid.out) as { ok: boolean; framework: { code: string; version: string } };
    expect(doc.ok).toBe(true);
    expect(valid.out).toBe(JSON.stringify({ ok: true, file: join(shippedDir, shipped[0]), framework: doc.framework }, null, 2));
    expect(runValidate(join(shippedDir, shipped[0])).out).toContain(`(${doc.framework.code} ${doc.framework.version})`);

    for (const c of broken) {
      const refused = runValidate(join(BROKEN_DIR, c.file), 'en', true);
      expect(refused.exitCode).toBe(1);
      const problems = JSON.parse(refused.out) as { ok: boolean; problems: { line: number | null; path: string; message: string; rule: string }[] };
      expect(problems.ok).toBe(false);
      expect(problems.problems.map((p) => [p.path, p.rule])).toEqual(c.errors.map((e) => [e.path, e.rule]));
      // The corpus names a line where it is sure of it.
      c.errors.forEach((e, i) => e.line && expect(problems.problems[i].line).toBe(e.line));
      expect(problems.problems.every((p) => p.message.length > 0)).toBe(true);
    }
  });
});
