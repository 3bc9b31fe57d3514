import 'reflect-metadata';
import { Command, Option } from 'commander';
import { benchCommand } from './cli/commands/bench.command';
import { SCORE_HELP, SCORE_HELP_VI } from './cli/commands/score-help';
import { helpLang, localizeHelp } from './cli/output/cli-help';
import { CLI_LANGS, cliOutput, configureCliOutput } from './cli/output/cli-output';

/**
 * Each command's module is loaded when that command runs: together they load Nest, TypeORM, exceljs and every
 * feature, over a second before --help could print. bench.command is the exception: it is small, and takes its
 * options out of process.argv when loaded, before commander parses them.
 */
const lazy =
  <A extends unknown[]>(load: () => Promise<(...args: A) => unknown>) =>
  async (...args: A): Promise<void> => {
    await (await load())(...args);
  };

const program = new Command('dti').description('DTI assessment platform: command line').showHelpAfterError();

// Global: before or after the command's name (dti --json framework:validate x.yaml, dti score ... --lang en).
program
  .addOption(new Option('--lang <lang>', 'language of the output: vi (0,9283) or en (0.9283)').choices(CLI_LANGS).default('vi').env('DTI_LANG'))
  .option('--json', 'print one JSON document on stdout instead of text: {"ok": true, ...} or {"ok": false, ...}; exit code as without it');
program.hook('preAction', () => void configureCliOutput(program.opts()));

program
  .command('units:load')
  .description('load the unit registry from config/units/*.yaml (idempotent)')
  .option('--dir <dir>', 'folder of unit files')
  .action(lazy(async () => (await import('./cli/commands/units-load.command.js')).unitsLoadCommand));

program
  .command('users:create-admin')
  .description('create an administrator (password from --password or ADMIN_PASSWORD)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>', 'full name')
  .option('--password <password>')
  .action(lazy(async () => (await import('./cli/commands/create-admin.command.js')).createAdminCommand));

program
  .command('framework:validate')
  .description('validate a framework file (YAML or JSON): exit 0, or 1 with every mistake')
  .argument('<file>')
  .action(lazy(async () => (await import('./cli/commands/framework.commands.js')).frameworkValidateCommand));

program
  .command('framework:import')
  .description('validate a framework file and store it as a new version')
  .argument('<file>')
  .action(lazy(async () => (await import('./cli/commands/framework.commands.js')).frameworkImportCommand));

program
  .command('score')
  .description('score the units of a data file (CSV or XLSX) with a framework file; no database')
  .requiredOption('--framework <file>', 'framework file (YAML or JSON)')
  .requiredOption('--data <file>', 'unit data: .csv (UTF-8) or .xlsx (first worksheet)')
  .option('--out <file>', 'write the result to .csv or .xlsx instead of printing a table')
  .option('--groups <columns>', 'comma-separated group columns of the data file (e.g. region,kind)')
  .option('--rank-within <column>', 'also rank within each value of this group column')
  .addHelpText('after', () => (helpLang(process.argv, process.env) === 'vi' ? SCORE_HELP_VI : SCORE_HELP))
  .action(lazy(async () => (await import('./cli/commands/score.command.js')).scoreCommand));

program
  .command('bench')
  .description('benchmarks, each figure beside its floor measured in the same run')
  .argument('[suites...]', 'engine, scoring, workbook, http, cli-start (default: all of these); publish (20,000 communes × 400 indicators of its own), feeds (a month of the feed API at commune scale) and demo (the demo on the embedded and the real drivers), only when named')
  .action(benchCommand);

program
  .command('publication:verify')
  .description('recompute a publication from its snapshot and check its hash and stored results: exit 0, or 1 with the differences')
  .argument('<id>', 'publication id')
  .action(lazy(async () => (await import('./cli/commands/publication-verify.command.js')).publicationVerifyCommand));

program
  .command('embedded:copy')
  .description('copy every row of the embedded PostgreSQL (EMBEDDED_DATA_DIR) into a real PostgreSQL database, created and migrated if missing, that holds no data yet')
  .requiredOption('--to <url>', 'the target: postgres://[user[:password]@]host[:port]/database')
  .action(lazy(async () => (await import('./cli/commands/embedded-copy.command.js')).embeddedCopyCommand));

program.command('demo').description('run the yearly cycle (on the embedded PostgreSQL and queues unless DATABASE_URL and REDIS_URL name real ones)').action(lazy(async () => (await import('./cli/commands/demo.command.js')).demoCommand));

// DATABASE_URL=embedded: the commands that use the database run on PGlite, started before them and closed after.
// embedded:copy opens the embedded data itself, whatever DATABASE_URL says.
// bench makes a database of its own on a real server (and refuses the embedded one).
const WITHOUT_DATABASE = new Set(['score', 'framework:validate', 'embedded:copy', 'bench']);
let embedded: { stop(): Promise<void> } | undefined;
program.hook('preAction', async (_, command) => {
  if (WITHOUT_DATABASE.has(command.name())) return;
  embedded = await (await import('./database/embedded-entry.js')).serveEmbeddedDatabaseFromSettings();
});
program.hook('postAction', async () => embedded?.stop());

localizeHelp(program, helpLang(process.argv, process.env));

program.parseAsync(process.argv).catch(async (error: unknown) => {
  // Loaded only now (and its imports already loaded by the command that threw).
  const report = async () => (await import('./cli/output/report-error.js')).reportError(error, cliOutput());
  await report().catch(() => console.error(error));
  process.exit(1);
});
