import 'reflect-metadata';
import { Command } from 'commander';
import { benchCommand } from './cli/commands/bench.command';
import { CliUsageError, createAdminCommand } from './cli/commands/create-admin.command';
import { demoCommand } from './cli/commands/demo.command';
import { frameworkImportCommand, frameworkValidateCommand } from './cli/commands/framework.commands';
import { publicationVerifyCommand } from './cli/commands/publication-verify.command';
import { SCORE_HELP, scoreCommand } from './cli/commands/score.command';
import { unitsLoadCommand } from './cli/commands/units-load.command';
import { DomainException } from './common/domain.exception';
import { ConfigError } from './config/load-config';
import { UnitRegistryFileError } from './units/unit-registry.loader';

const program = new Command('dti').description('DTI assessment platform: command line').showHelpAfterError();

program
  .command('units:load')
  .description('load the unit registry from config/units/*.yaml (idempotent)')
  .option('--dir <dir>', 'folder of unit files')
  .action(unitsLoadCommand);

program
  .command('users:create-admin')
  .description('create an administrator (password from --password or ADMIN_PASSWORD)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>', 'full name')
  .option('--password <password>')
  .action(createAdminCommand);

program
  .command('framework:validate')
  .description('validate a framework file (YAML or JSON): exit 0, or 1 with every mistake')
  .argument('<file>')
  .action(frameworkValidateCommand);

program
  .command('framework:import')
  .description('validate a framework file and store it as a new version')
  .argument('<file>')
  .action(frameworkImportCommand);

program
  .command('score')
  .description('score the units of a data file (CSV or XLSX) with a framework file; no database')
  .requiredOption('--framework <file>', 'framework file (YAML or JSON)')
  .requiredOption('--data <file>', 'unit data: .csv (UTF-8) or .xlsx (first worksheet)')
  .option('--out <file>', 'write the result to .csv or .xlsx instead of printing a table')
  .option('--groups <columns>', 'comma-separated group columns of the data file (e.g. region,kind)')
  .option('--rank-within <column>', 'also rank within each value of this group column')
  .addHelpText('after', SCORE_HELP)
  .action(scoreCommand);

program
  .command('bench')
  .description('benchmarks, each figure beside its floor measured in the same run')
  .argument('[suites...]', 'engine (default: all)')
  .action(benchCommand);

program
  .command('publication:verify')
  .description('recompute a publication from its snapshot and check its hash and stored results: exit 0, or 1 with the differences')
  .argument('<id>', 'publication id')
  .action(publicationVerifyCommand);

program.command('demo').description('run the yearly cycle on the local PostgreSQL and Redis').action(demoCommand);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof DomainException) {
    console.error(error.message);
    for (const d of Array.isArray(error.details) ? error.details : []) console.error(`  ${d.field}: ${d.message} [${d.rule}]`);
  } else {
    const known = [ConfigError, UnitRegistryFileError, CliUsageError].some((type) => error instanceof type);
    console.error(known ? (error as Error).message : error);
  }
  process.exit(1);
});
