import type { CliWords } from './cli-words.vi';

/** The command line's own words in English (--lang en): the same keys as Vietnamese, checked by the type. */
export const CLI_WORDS_EN: CliWords = {
  problems: (n) => `${n} problem(s)`,
  andMore: (n) => `... and ${n} more`,
  line: (n) => `line ${n}`,
  wholeFile: '(file)',
  row: (n) => `row ${n}`,
  column: (name) => `column ${name}`,
  note: 'note',
  error: 'error',

  frameworkValid: (code, version) => `valid (${code} ${version})`,
  frameworkStored: (code, version, id) => `stored ${code} ${version} (${id})`,
  unitsLoaded: (created, updated, unchanged) => `${created} created, ${updated} updated, ${unchanged} unchanged`,
  adminCreated: (email, id) => `created the administrator ${email} (${id})`,
  publicationVerified: 'verified (snapshot hash, recomputed results and the frozen results served all agree)',

  dataMustBe: 'the data file must be .csv or .xlsx',
  outputMustBe: 'the output must be .csv or .xlsx',
  outputWouldOverwrite: 'the output would overwrite the data file',
  cannotReadFramework: (why) => `cannot read the framework file (${why})`,
  frameworkProblems: (n) => `${n} problem(s) in the framework file:`,
  dataProblems: (n) => `${n} problem(s); nothing was written:`,
  engineRefused: (why) => `the engine cannot score this framework: ${why}`,
  dialect: (separator, decimalComma, bom) =>
    `CSV UTF-8, separator ${separator === '\t' ? 'tab' : `'${separator}'`}, decimal mark '${decimalComma ? ',' : '.'}', ${bom ? 'with BOM' : 'no BOM'}`,
  scored: (code, version, units, ranked) => `${code} ${version}: ${units} unit(s) scored, ${ranked} ranked`,
  writtenTo: (path) => `written to ${path}`,
  scoreHeaders: { rank: 'Rank', code: 'Code', name: 'Name', index: 'Index', groupRank: 'Rank in group', note: 'Notes' },
};
