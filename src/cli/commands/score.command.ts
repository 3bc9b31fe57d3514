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

export const SCORE_HELP = `
The data file (CSV in UTF-8, or the first worksheet of an .xlsx), one row per unit, row 1 the header. A CSV may
start with a BOM and be separated by , or ; (or tab): the header line says which, and the command says what it
detected on stderr ("note: data.csv: CSV UTF-8, phân tách ';', dấu thập phân ',', có BOM").
  code                 required: the unit's code, once per file
  name                 optional: the unit's name, copied to the output
  ranked               optional: true/false (1/0, có/không); false = scored but takes no rank; empty = true
  <leaf code>          one column per indicator (leaf) of the framework; an empty cell is a missing value,
                       scored by the framework's \`missing\` policy and named in the unit's Ghi chú
  <leaf code>.<input>  for a leaf whose input is \`numbers\` (e.g. NT.04.numerator, NT.04.denominator)
  <denominator>        e.g. Population, for leaves that name a \`denominator\`
  group columns        only when declared: --groups region,kind, --rank-within region, or named by the
                       framework (pipeline.impute.group, result.rankWithin)
Any other column is an error. A leaf without a column is missing for every unit (said on stderr).
Cells: a boolean is true/false, 1/0 or có/không; a choice is one of its option values; a number uses a dot
for decimals (1.5) in a ,-separated file, and may use a decimal comma in a ;-separated one (1,5; 1.234,5 with a
dot between thousands; "1.234" alone is refused as ambiguous); a percent is within 0..100; a manual leaf's cell
is its points (0..maxPoints).
In .xlsx a formula's saved result is used, never recomputed. Limits: 20 MB, 200,000 rows, 2,000 columns.

Every problem of the data is listed as "row R, column C: ..." (rows as in the file, the header is row 1) and
the command exits 1 without writing anything.

Output, one row per unit by rank then code (unranked units last): Hạng, [the --rank-within column, Hạng trong
nhóm], Mã, Tên, Chỉ số, then every group (non-leaf node) and every pillar of the framework, then Ghi chú.
Values are on the index's scale, rounded to the framework's precision. --out x.xlsx or x.csv (UTF-8 with a
BOM; text starting with = + - @ gets a leading ' so that spreadsheets do not run it); without --out, a table
on stdout.

Example:
  npm run cli -- score --framework config/frameworks/pdti-2022.yaml --data provinces.xlsx --out result.xlsx
`;

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
