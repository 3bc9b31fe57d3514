import { PublicationsService } from '../../publications/publications.service';
import { withCliContext } from '../cli-context';
import { cliOutput, type CliOutput } from '../output/cli-output';

/** The differences printed at most; --json carries them all. */
const SHOWN = 200;

/**
 * Exit 0 when the publication is intact; else 1 with every difference found (each in the verifier's own words).
 * Returns the exit code so that tests run it in-process.
 */
export async function runPublicationVerify(id: string, output: CliOutput): Promise<number> {
  const { words } = output;
  const report = await withCliContext((app) => app.get(PublicationsService).verify(id));
  output.document({ ok: report.ok, id, problems: report.problems });
  if (report.ok) {
    output.say(`publication ${id}: ${words.publicationVerified}`);
    return 0;
  }
  output.say(`publication ${id}: ${words.problems(output.number(report.problems.length))}`);
  for (const problem of report.problems.slice(0, SHOWN)) output.say(`  ${problem}`);
  if (report.problems.length > SHOWN) output.say(`  ${words.andMore(output.number(report.problems.length - SHOWN))}`);
  return 1;
}

export async function publicationVerifyCommand(id: string): Promise<void> {
  process.exitCode = await runPublicationVerify(id, cliOutput());
}
