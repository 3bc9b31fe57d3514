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
  notes: {
    screenedOut: (why) => `screened out${why ? `: ${why}` : ''}`,
    noIndex: 'no index: every indicator is missing',
    notRanked: 'not ranked',
    empty: (leaves, what, policy) => `${leaves.join(', ')}: empty — ${what} (${policy})`,
    zero: 'scored 0 points',
    zeroNoMean: 'no value to take the mean of, scored 0 points',
    dropped: 'left out, its weight shared by the others',
    imputed: (mean) => `replaced by the mean ${mean}`.trimEnd(),
    notCounted: 'not counted',
  },
  data: {
    at: (row, column) => (column === undefined ? `row ${row}` : `row ${row}, column ${column}`),
    unknownColumn: (column, framework, hint) =>
      `unknown column "${column}": not an indicator of ${framework}, nor code, name or ranked` +
      (hint.near ? `; did you mean ${hint.near}?` : hint.parts ? `; ${column} takes one column per input: ${hint.parts.join(', ')}` : '; a group column must be declared with --groups'),
    notANumber: (value) => `${value} is not a number`,
    useDot: ' (use a dot for decimals)',
    ambiguous: (text, whole, part) =>
      ` (in a file separated by ';' the comma is the decimal mark and a dot groups thousands, so ${text} could be either: write ${whole}${part} or ${whole},${part})`,
    notYesNo: (value) => `${value} is not a yes/no value: write true/false, 1/0 or có/không`,
    notAnOption: (value, options) => `${value} is not one of the options: ${options.join(', ')}`,
    pointsOutside: (n, max) => `${n} points are outside 0..${max}`,
    notWhole: (n) => `${n} is not a whole number`,
    outside: (n, min, max) => `${n} is outside ${min}..${max}`,
    onePerInput: 'expected one column per input',
    unnamedColumn: (index) => `a value in column ${index}, which has no name in row 1`,
    columnTwice: (name, first, second) => `the column ${name} is given twice (columns ${first} and ${second})`,
    noKnownColumn: (framework, readAs) => `no column of the header is known to ${framework}: ${readAs}`,
    headerReadAs: (count, separator, shown) =>
      `row 1 was read as ${count} column(s) separated by ${separator}: ${shown}; in Excel save the file as "CSV UTF-8 (Comma delimited)" (or with ';' as the separator), or as .xlsx`,
    headerNeeded: 'row 1 must hold code, name and the indicator codes',
    noCodeColumn: 'there is no code column: each row needs the code of its unit',
    groupNotInFile: (group) => `the group column ${group} is declared but not in the file`,
    notAGroup: (group) => `${group} cannot be a group column: it is an indicator, a denominator or a reserved column`,
    partMissing: (column, leaf, wanted) => `the column ${column} is missing: ${leaf} needs all of ${wanted.join(', ')}`,
    codeMissing: 'the unit code is missing',
    codeTwice: (code, row) => `the unit ${code} is given twice: also in row ${row}`,
    partsIncomplete: (given, leaf) => `empty while ${given.join(', ')} is given: give all of ${leaf}'s inputs or none`,
    noColumnFor: (count, leaves, policy) => `no column for ${count} indicator(s) (${leaves.join(', ')}): missing for every unit (missing: ${policy})`,
    noGroupColumn: (group) => `the framework groups units by ${group}, and the file has no such column: every unit is in one group`,
  },
};
