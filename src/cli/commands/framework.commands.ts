import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../auth/actor';
import { loadFrameworkText } from '../../frameworks/framework-file';
import { FrameworksService } from '../../frameworks/frameworks.service';
import { withCliContext } from '../cli-context';

/** Exit 0 when the file is valid; else 1, listing every mistake with its line, path and rule. */
export function frameworkValidateCommand(file: string): void {
  const result = loadFrameworkText(readFileSync(file, 'utf8'), basename(file));
  if (result.ok) {
    console.log(`${file}: valid (${result.framework.code} ${result.framework.version})`);
    return;
  }
  console.log(`${file}: ${result.errors.length} mistake(s)`);
  for (const e of result.errors) {
    console.log(`  ${e.line ? `line ${e.line}: ` : ''}${e.path || '(file)'}: ${e.message} [${e.rule}]`);
  }
  process.exitCode = 1;
}

export async function frameworkImportCommand(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const row = await withCliContext((app) =>
    app.get(FrameworksService).import(systemActor('cli'), { text, fileName: basename(file) }),
  );
  console.log(`framework:import ${file}: stored ${row.code} ${row.version} (${row.id})`);
}
