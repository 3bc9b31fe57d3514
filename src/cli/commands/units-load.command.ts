import { join } from 'node:path';
import { systemActor } from '../../auth/actor';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { withCliContext } from '../cli-context';

export async function unitsLoadCommand(options: { dir?: string }): Promise<void> {
  const dir = options.dir ?? join(process.cwd(), 'config', 'units');
  const report = await withCliContext((app) => app.get(UnitRegistryLoader).load(dir, systemActor('cli')));
  console.log(
    `units:load ${report.files.join(', ')}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`,
  );
}
