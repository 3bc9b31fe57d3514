import { PublicationsService } from '../../publications/publications.service';
import { withCliContext } from '../cli-context';

/** Exit 0 when the publication is intact; else 1 with every difference found. */
export async function publicationVerifyCommand(id: string): Promise<void> {
  const report = await withCliContext((app) => app.get(PublicationsService).verify(id));
  if (report.ok) {
    console.log(`publication ${id}: verified (snapshot hash, recomputed results and the frozen results served all agree)`);
    return;
  }
  console.log(`publication ${id}: ${report.problems.length} problem(s)`);
  for (const problem of report.problems.slice(0, 200)) console.log(`  ${problem}`);
  if (report.problems.length > 200) console.log(`  ... and ${report.problems.length - 200} more`);
  process.exitCode = 1;
}
