import { join } from 'node:path';
import { systemActor } from '../../auth/actor';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { withCliContext } from '../cli-context';
import { cliOutput, type CliOutput } from '../output/cli-output';

/** Loads the registry files (idempotent) and says what changed; the loader's refusals are thrown (src/cli.ts reports them). */
export async function runUnitsLoad(options: { dir?: string }, output: CliOutput): Promise<void> {
  const dir = options.dir ?? join(process.cwd(), 'config', 'units');
  const report = await withCliContext((app) => app.get(UnitRegistryLoader).load(dir, systemActor('cli')));
  const n = (count: number) => output.number(count);
  output.say(`units:load ${report.files.join(', ')}: ${output.words.unitsLoaded(n(report.created), n(report.updated), n(report.unchanged))}`);
  output.document({ ok: true, files: report.files, created: report.created, updated: report.updated, unchanged: report.unchanged });
}

export async function unitsLoadCommand(options: { dir?: string }): Promise<void> {
  await runUnitsLoad(options, cliOutput());
}
