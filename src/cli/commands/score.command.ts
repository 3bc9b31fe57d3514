import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EngineFrameworkError, EngineInputError, score, type Framework } from '../../engine';
import { loadFrameworkText } from '../../frameworks/framework-file';
import { DataFileError, dataFormatOf, readDataFile } from '../score-file/read-data-file';
import { problemFormat, problemsFromEngine, unitsFromRows, type DataProblem } from '../score-file/units-from-rows';
import { scoreJsonUnits } from '../score-file/score-json';
import { outputFormatOf, scoreTable, scoreText, writeScoreFile, type ScoreTable } from '../score-file/write-score-file';
import { cliOutput, type CliOutput } from '../output/cli-output';
import type { CliWords } from '../output/cli-words.vi';

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

/** A refusal: its lines for the person (stderr), and the same as data for --json. */
interface Refusal {
  lines: string[];
  doc: Record<string, unknown>;
}

const splitList = (list: string | undefined): string[] =>
  (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

async function loadFramework(path: string, output: CliOutput): Promise<Framework | Refusal> {
  const { words } = output;
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    return { lines: [`${file}: ${words.cannotReadFramework(why)}`], doc: { file, error: { code: why, message: words.cannotReadFramework(why) } } };
  }
  const loaded = loadFrameworkText(text, file);
  if (loaded.ok) return loaded.framework;
  const lines = [`${file}: ${words.frameworkProblems(output.number(loaded.errors.length))}`];
  for (const issue of loaded.errors) {
    const where = issue.line === undefined ? '' : `${words.line(String(issue.line))}: `;
    lines.push(`  ${where}${issue.path || words.wholeFile}: ${issue.message} [${issue.rule}]`);
  }
  return { lines, doc: { file, problems: loaded.errors.map((e) => ({ line: e.line ?? null, path: e.path, message: e.message, rule: e.rule })) } };
}

const isRefusal = (value: Framework | Refusal): value is Refusal => 'lines' in value && 'doc' in value;

/** The data's problems: listed with row and column, nothing written. */
function dataRefusal(file: string, problems: DataProblem[], output: CliOutput): Refusal {
  return {
    lines: [`${file}: ${output.words.dataProblems(output.number(problems.length))}`, ...problems.map((p) => `  ${problemFormat(output.words.data)(p)}`)],
    doc: { file, problems: problems.map((p) => ({ row: p.row, column: p.column ?? null, message: p.message })) },
  };
}

/**
 * The command itself; returns the exit code (0 scored, 1 refused) so that tests can run it in-process. Human text in
 * the output's language (the table's numbers too); with --json one document on stdout: the scores, or the refusal
 * (its messages in the same language, for a person to read; the fields around them are the machine's).
 */
export async function runScore(options: ScoreCommandOptions, output: CliOutput = cliOutput()): Promise<number> {
  const refuse = (refusal: Refusal): number => {
    for (const line of refusal.lines) output.tell(line);
    output.document({ ok: false, ...refusal.doc });
    return 1;
  };
  const optionRefusal = (option: string, value: string, message: string): Refusal => ({ lines: [`${option} ${value}: ${message}`], doc: { option, error: { message } } });
  const { words } = output;
  if (!dataFormatOf(options.data)) return refuse(optionRefusal('--data', options.data, words.dataMustBe));
  if (options.out !== undefined) {
    if (!outputFormatOf(options.out)) return refuse(optionRefusal('--out', options.out, words.outputMustBe));
    if (resolve(options.out) === resolve(options.data)) return refuse(optionRefusal('--out', options.out, words.outputWouldOverwrite));
  }

  const framework = await loadFramework(options.framework, output);
  if (isRefusal(framework)) return refuse(framework);

  let table;
  try {
    table = await readDataFile(options.data, undefined, words.file);
  } catch (error) {
    if (error instanceof DataFileError) return refuse({ lines: [error.message], doc: { file: basename(options.data), error: { message: error.message } } });
    throw error;
  }

  const dialect = table.dialect;
  // What was detected is said first, so that a refusal below reads against it.
  if (dialect) output.tell(`${words.note}: ${table.fileName}: ${words.dialect(dialect.separator, dialect.decimalComma, dialect.bom)}`);
  const dialectDoc = dialect ? { dialect: { separator: dialect.separator, decimalComma: dialect.decimalComma, bom: dialect.bom } } : {};
  const rankWithin = options.rankWithin?.trim() || undefined;
  const read = unitsFromRows(table, framework, { groups: splitList(options.groups), rankWithin, words: words.data });
  if (!read.ok) {
    const refusal = dataRefusal(table.fileName, read.problems, output);
    return refuse({ ...refusal, doc: { ...refusal.doc, ...dialectDoc } });
  }
  for (const note of read.notes) output.tell(`${words.note}: ${note}`);

  let result;
  try {
    result = score(framework, read.units, rankWithin ? { rankWithin } : {});
  } catch (error) {
    if (error instanceof EngineInputError) {
      const refusal = dataRefusal(table.fileName, problemsFromEngine(error, table, framework), output);
      return refuse({ ...refusal, doc: { ...refusal.doc, ...dialectDoc } });
    }
    if (error instanceof EngineFrameworkError) {
      return refuse({ lines: [`${basename(options.framework)}: ${words.engineRefused(error.message)}`], doc: { file: basename(options.framework), error: { message: error.message } } });
    }
    throw error;
  }

  const tableOptions = { rankWithin: rankWithin ?? framework.result.rankWithin, emptyCells: read.emptyCells };
  // The file keeps its Vietnamese columns and notes (a format); the screen and --json speak the output's language.
  const scored = scoreTable(result, framework, read.names, { ...tableOptions, notes: words.notes });
  const summary = words.scored(framework.code, framework.version, output.number(result.units.length), output.number(result.rankedCount));
  if (options.out !== undefined) await writeScoreFile(options.out, output.lang === 'vi' ? scored : scoreTable(result, framework, read.names, tableOptions));
  output.document({
    ok: true,
    framework: { code: framework.code, version: framework.version },
    data: { file: table.fileName, ...dialectDoc },
    notes: read.notes,
    scored: result.units.length,
    ranked: result.rankedCount,
    written: options.out ?? null,
    units: scoreJsonUnits(scored),
  });
  if (options.out === undefined) {
    output.say(scoreText(inLanguage(scored, words), (value, digits) => output.number(value, digits)));
    output.tell(summary);
  } else {
    output.say(`${summary}; ${words.writtenTo(options.out)}`);
  }
  return 0;
}

/** The terminal table's own headers in the output's language (the files keep theirs: their columns are a format). */
function inLanguage(table: ScoreTable, words: CliWords): ScoreTable {
  const headers: Record<string, string> = words.scoreHeaders;
  return { ...table, columns: table.columns.map((c) => (c.key && c.key in headers ? { ...c, header: headers[c.key] } : c)) };
}

/** The commander action: the exit code is set, not forced, so that pending output is flushed. */
export async function scoreCommand(options: ScoreCommandOptions): Promise<void> {
  process.exitCode = await runScore(options);
}
