import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EngineFrameworkError, EngineInputError, score, type Framework } from '../../engine';
import { loadFrameworkText } from '../../frameworks/framework-file';
import { DataFileError, dataFormatOf, readDataFile } from '../score-file/read-data-file';
import { formatProblem, problemsFromEngine, unitsFromRows } from '../score-file/units-from-rows';
import { describeCsvDialect } from '../../workbooks/csv-dialect';
import { outputFormatOf, scoreTable, scoreText, writeScoreFile } from '../score-file/write-score-file';

/**
 * `score --framework <file> --data <csv|xlsx> [--out <csv|xlsx>] [--groups a,b] [--rank-within <column>]`:
 * scores the units of a data file with a framework file, for methodologists trying an index before a cycle
 * exists. Pure file in, file out: no database, no Nest context.
 */

export interface ScoreCommandOptions {
  framework: string;
  data: string;
  out?: string;
  /** Comma-separated group column names. */
  groups?: string;
  rankWithin?: string;
}

export interface ScoreIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIo: ScoreIo = { out: (text) => console.log(text), err: (text) => console.error(text) };

const splitList = (list: string | undefined): string[] =>
  (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

async function loadFramework(path: string, io: ScoreIo): Promise<Framework | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    io.err(`${basename(path)}: cannot read the framework file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return undefined;
  }
  const loaded = loadFrameworkText(text, basename(path));
  if (loaded.ok) return loaded.framework;
  io.err(`${basename(path)}: ${loaded.errors.length} problem(s) in the framework file:`);
  for (const issue of loaded.errors) {
    const where = issue.line === undefined ? '' : `line ${issue.line}: `;
    io.err(`  ${where}${issue.path || '(file)'}: ${issue.message} [${issue.rule}]`);
  }
  return undefined;
}

/** The command itself; returns the exit code (0 scored, 1 refused) so that tests can run it in-process. */
export async function runScore(options: ScoreCommandOptions, io: ScoreIo = consoleIo): Promise<number> {
  if (!dataFormatOf(options.data)) {
    io.err(`--data ${options.data}: the data file must be .csv or .xlsx`);
    return 1;
  }
  if (options.out !== undefined) {
    if (!outputFormatOf(options.out)) {
      io.err(`--out ${options.out}: the output must be .csv or .xlsx`);
      return 1;
    }
    if (resolve(options.out) === resolve(options.data)) {
      io.err(`--out ${options.out}: the output would overwrite the data file`);
      return 1;
    }
  }

  const framework = await loadFramework(options.framework, io);
  if (!framework) return 1;

  let table;
  try {
    table = await readDataFile(options.data);
  } catch (error) {
    if (error instanceof DataFileError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }

  // What was detected is said first, so that a refusal below reads against it.
  if (table.dialect) io.err(`note: ${table.fileName}: CSV UTF-8, ${describeCsvDialect(table.dialect)}`);
  const rankWithin = options.rankWithin?.trim() || undefined;
  const read = unitsFromRows(table, framework, { groups: splitList(options.groups), rankWithin });
  if (!read.ok) {
    io.err(`${table.fileName}: ${read.problems.length} problem(s); nothing was written:`);
    for (const problem of read.problems) io.err(`  ${formatProblem(problem)}`);
    return 1;
  }
  for (const note of read.notes) io.err(`note: ${note}`);

  let result;
  try {
    result = score(framework, read.units, rankWithin ? { rankWithin } : {});
  } catch (error) {
    if (error instanceof EngineInputError) {
      const problems = problemsFromEngine(error, table, framework);
      io.err(`${table.fileName}: ${problems.length} problem(s); nothing was written:`);
      for (const problem of problems) io.err(`  ${formatProblem(problem)}`);
      return 1;
    }
    if (error instanceof EngineFrameworkError) {
      io.err(`${basename(options.framework)}: the engine cannot score this framework: ${error.message}`);
      return 1;
    }
    throw error;
  }

  const output = scoreTable(result, framework, read.names, { rankWithin: rankWithin ?? framework.result.rankWithin, emptyCells: read.emptyCells });
  const summary = `${framework.code} ${framework.version}: ${result.units.length} unit(s) scored, ${result.rankedCount} ranked`;
  if (options.out === undefined) {
    io.out(scoreText(output));
    io.err(summary);
  } else {
    await writeScoreFile(options.out, output);
    io.out(`${summary}; written to ${options.out}`);
  }
  return 0;
}

/** The commander action: the exit code is set, not forced, so that pending output is flushed. */
export async function scoreCommand(options: ScoreCommandOptions): Promise<void> {
  process.exitCode = await runScore(options);
}
