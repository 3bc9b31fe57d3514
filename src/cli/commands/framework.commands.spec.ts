import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brokenFrameworkCases, BROKEN_DIR } from '../../../test/utils/broken-frameworks';
import { frameworkValidateCommand } from './framework.commands';

/** Runs the command as the CLI does, returning what it printed and the exit code it set. */
function runValidate(file: string): { out: string; exitCode: number } {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  process.exitCode = undefined;
  try {
    frameworkValidateCommand(file);
    return { out: lines.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    process.exitCode = undefined;
  }
}

describe('npm run cli -- framework:validate', () => {
  const shippedDir = join(process.cwd(), 'config', 'frameworks');

  it.each(readdirSync(shippedDir).filter((f) => f.endsWith('.yaml')))('accepts the shipped %s (exit 0)', (file) => {
    const { out, exitCode } = runValidate(join(shippedDir, file));
    expect(exitCode).toBe(0);
    expect(out).toMatch(/: valid \(\w+ [\d.]+\)$/);
  });

  it.each(brokenFrameworkCases().map((c) => [c.file, c] as const))('refuses %s (exit 1) listing each path and rule', (_f, c) => {
    const { out, exitCode } = runValidate(join(BROKEN_DIR, c.file));
    expect(exitCode).toBe(1);
    const listed = out.split('\n').slice(1);
    expect(listed).toHaveLength(c.errors.length);
    c.errors.forEach((e, i) => {
      expect(listed[i]).toContain(`${e.path || '(file)'}: `);
      expect(listed[i]).toMatch(new RegExp(`\\[${e.rule}\\]$`));
      if (e.line) expect(listed[i]).toContain(`line ${e.line}:`);
    });
  });
});
