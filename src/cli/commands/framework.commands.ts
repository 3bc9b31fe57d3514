import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../auth/actor';
import { loadFrameworkText } from '../../frameworks/framework-file';
import { FrameworksService } from '../../frameworks/frameworks.service';
import { withCliContext } from '../cli-context';
import { cliOutput, type CliOutput } from '../output/cli-output';

/**
 * Exit 0 when the file is valid; else 1, listing every mistake with its line, path and rule (the mistakes' own
 * messages are the schema checker's). Returns the exit code so that tests run it in-process.
 */
export function runFrameworkValidate(file: string, output: CliOutput): number {
  const { words } = output;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    output.tell(`${file}: ${words.cannotReadFramework(why)}`);
    output.document({ ok: false, file, error: { code: why, message: words.cannotReadFramework(why) } });
    return 1;
  }
  const result = loadFrameworkText(text, basename(file));
  if (result.ok) {
    const { code, version } = result.framework;
    output.say(`${file}: ${words.frameworkValid(code, version)}`);
    output.document({ ok: true, file, framework: { code, version } });
    return 0;
  }
  output.say(`${file}: ${words.problems(output.number(result.errors.length))}`);
  for (const e of result.errors) {
    output.say(`  ${e.line ? `${words.line(String(e.line))}: ` : ''}${e.path || words.wholeFile}: ${e.message} [${e.rule}]`);
  }
  output.document({ ok: false, file, problems: result.errors.map((e) => ({ line: e.line ?? null, path: e.path, message: e.message, rule: e.rule })) });
  return 1;
}

/** The commander action: the exit code is set, not forced, so that pending output is flushed. */
export function frameworkValidateCommand(file: string): void {
  process.exitCode = runFrameworkValidate(file, cliOutput());
}

export async function frameworkImportCommand(file: string): Promise<void> {
  const output = cliOutput();
  const text = readFileSync(file, 'utf8');
  const row = await withCliContext((app) => app.get(FrameworksService).import(systemActor('cli'), { text, fileName: basename(file) }));
  output.say(`framework:import ${file}: ${output.words.frameworkStored(row.code, row.version, row.id)}`);
  output.document({ ok: true, file, id: row.id, code: row.code, version: row.version });
}
