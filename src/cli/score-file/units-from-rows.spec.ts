import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineInputError, type Framework } from '../../engine';
import { loadFrameworkText } from '../../frameworks/framework-file';
import type { CellValue } from '../../workbooks/cells';
import type { DataTable } from './read-data-file';
import { formatProblem, problemsFromEngine, unitsFromRows, type DataProblem } from './units-from-rows';

const FIXTURE = join(__dirname, '../../../test/fixtures/score-file/framework.yaml');

function loadFixture(): Framework {
  const loaded = loadFrameworkText(readFileSync(FIXTURE, 'utf8'), 'framework.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.framework;
}

/** A table as the reader gives it: the header is row 1, the data rows 2, 3, ... */
function table(columns: string[], ...rows: CellValue[][]): DataTable {
  return { fileName: 'data.csv', columns, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
}

const ALL = ['code', 'name', 'A.1', 'A.2', 'A.3.numerator', 'A.3.denominator', 'B.1', 'B.2', 'B.3', 'B.4', 'Population'];

function problemsOf(result: ReturnType<typeof unitsFromRows>): DataProblem[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('unitsFromRows', () => {
  const framework = loadFixture();

  it('turns each row into a UnitInput: leaf values, numbers inputs, manual points, denominators, groups, ranked', () => {
    const result = unitsFromRows(
      table(
        [...ALL, 'ranked', 'region'],
        ['79', 'Alpha', 'true', '80', '30', '40', 'full', '12', '5', '50', '10', '', 'Nam'],
        ['01', 'Gamma', 'có', '', '', '', 'none', '10', '', '', '', 'false', 'Bắc'],
        // XLSX cells come typed: booleans, numbers.
        [7, 'Typed', false, 12.5, 1, 2, 'partial', 3, 4.5, 0, 1, 0, 'Nam'],
      ),
      framework,
      { groups: ['region'] },
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.units).toEqual([
      {
        code: '79',
        values: { 'A.1': true, 'A.2': 80, 'A.3': { numerator: 30, denominator: 40 }, 'B.1': 'full', 'B.2': 12, 'B.4': 50 },
        manualPoints: { 'B.3': 5 },
        denominators: { Population: 10 },
        groups: { region: 'Nam' },
      },
      { code: '01', ranked: false, values: { 'A.1': true, 'B.1': 'none', 'B.2': 10 }, groups: { region: 'Bắc' } },
      {
        code: '7',
        ranked: false,
        values: { 'A.1': false, 'A.2': 12.5, 'A.3': { numerator: 1, denominator: 2 }, 'B.1': 'partial', 'B.2': 3, 'B.4': 0 },
        manualPoints: { 'B.3': 4.5 },
        denominators: { Population: 1 },
        groups: { region: 'Nam' },
      },
    ]);
    expect(result.names.get('01')).toBe('Gamma');
    expect(result.notes).toEqual([]);
    // Empty leaf cells (a numbers leaf when all its inputs are empty) are missing values, named for the notes.
    expect(result.emptyCells).toEqual(new Map([['01', ['A.2', 'A.3', 'B.3', 'B.4']]]));
  });

  it('accepts exactly true/false, 1/0 and có/không as booleans (any case)', () => {
    const rows = ['TRUE', 'False', '1', '0', 'Có', 'KHÔNG'].map((b, i): CellValue[] => [`U${i}`, b]);
    const result = unitsFromRows(table(['code', 'A.1'], ...rows), framework);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.units.map((u) => u.values['A.1'])).toEqual([true, false, true, false, true, false]);
    for (const word of ['yes', 'x', 'no', 'co', 'đúng', '2']) {
      expect(problemsOf(unitsFromRows(table(['code', 'A.1'], ['U', word]), framework))).toEqual([
        { row: 2, column: 'A.1', message: `"${word}" is not a yes/no value: write true/false, 1/0 or có/không` },
      ]);
    }
  });

  it('lists every kind of mistake at once, each with its row (header = 1) and column, in file order', () => {
    const result = unitsFromRows(
      table(
        ['code', 'name', 'region', 'A.1', 'A.2', 'A.3.numerator', 'A.3.denominator', 'B.1', 'B.2', 'B.3', 'B.4', 'Population', 'Extra'],
        ['79', 'Alpha', 'Nam', 'yes', '80', '30', '40', 'full', '12', '5', '50', '10', ''],
        ['48', 'Beta', 'Nam', '0', '120', '10', '', 'maybe', '7.5', '11', '1', '1,5', 'x'],
        ['79', 'Again', 'Nam', '1', '-1', '1', '2', 'none', 'three', '2', '2', '2', ''],
        ['', 'No code', 'Bắc', '1', '1', '1', '1', 'none', '1', '1', 'abc', '1', ''],
      ),
      framework,
      { groups: ['region'] },
    );
    expect(problemsOf(result).map(formatProblem)).toEqual([
      'row 1, column Extra: unknown column "Extra": not an indicator of SCORETEST 1, nor code, name or ranked; a group column must be declared with --groups',
      'row 2, column A.1: "yes" is not a yes/no value: write true/false, 1/0 or có/không',
      'row 3, column A.2: 120 is outside 0..100',
      'row 3, column A.3.denominator: empty while A.3.numerator is given: give all of A.3\'s inputs or none',
      'row 3, column B.1: "maybe" is not one of the options: none, partial, full',
      'row 3, column B.2: 7.5 is not a whole number',
      'row 3, column B.3: 11 points are outside 0..10',
      'row 3, column Population: "1,5" is not a number (use a dot for decimals)',
      'row 4, column code: the unit 79 is given twice: also in row 2',
      'row 4, column A.2: -1 is outside 0..100',
      'row 4, column B.2: "three" is not a number',
      'row 5, column code: the unit code is missing',
      'row 5, column B.4: "abc" is not a number',
    ]);
  });

  it('refuses a file without a code column, a column given twice and a numbers leaf with one of its columns', () => {
    const result = unitsFromRows(table(['name', 'A.1', 'A.1', 'A.3.numerator'], ['x', '1', '1', '2']), framework);
    expect(problemsOf(result).map(formatProblem)).toEqual([
      'row 1, column A.1: the column A.1 is given twice (columns 2 and 3)',
      'row 1, column code: there is no code column: each row needs the code of its unit',
      'row 1, column A.3.denominator: the column A.3.denominator is missing: A.3 needs all of A.3.numerator, A.3.denominator',
    ]);
  });

  it('takes group columns only when declared, and says how to name a numbers leaf or a near miss', () => {
    const undeclared = problemsOf(unitsFromRows(table(['code', 'region', 'A.3', 'b.1'], ['79', 'Nam', '1', 'full']), framework));
    expect(undeclared.map((p) => [p.row, p.column, p.message.split('; ')[1]])).toEqual([
      [1, 'region', 'a group column must be declared with --groups'],
      [1, 'A.3', 'A.3 takes one column per input: A.3.numerator, A.3.denominator'],
      [1, 'b.1', 'did you mean B.1?'],
    ]);
    const missing = problemsOf(unitsFromRows(table(['code', 'A.1'], ['79', '1']), framework, { groups: ['region'], rankWithin: 'kind' }));
    expect(missing.map(formatProblem)).toEqual([
      'row 1, column region: the group column region is declared but not in the file',
      'row 1, column kind: the group column kind is declared but not in the file',
    ]);
    const clash = problemsOf(unitsFromRows(table(['code', 'A.1'], ['79', '1']), framework, { groups: ['A.1'] }));
    expect(clash.map(formatProblem)).toEqual([
      'row 1, column A.1: A.1 cannot be a group column: it is an indicator, a denominator or a reserved column',
    ]);
  });

  it('reports a value under a header cell left empty, and ignores an empty unnamed column', () => {
    const ok = unitsFromRows(table(['code', 'A.1', ''], ['79', '1', '']), framework);
    expect(ok.ok).toBe(true);
    const bad = problemsOf(unitsFromRows(table(['code', 'A.1', ''], ['79', '1', ''], ['48', '0', '7']), framework));
    expect(bad.map(formatProblem)).toEqual(['row 3, column #3: a value in column 3, which has no name in row 1']);
  });

  it('reports an unusable XLSX cell (an error, a formula without a saved result) at its row and column', () => {
    const result = unitsFromRows(table(['code', 'A.2'], ['79', { problem: 'the cell holds the error #DIV/0!' }]), framework);
    expect(problemsOf(result).map(formatProblem)).toEqual(['row 2, column A.2: the cell holds the error #DIV/0!']);
  });

  it('notes, without refusing, the leaves that have no column', () => {
    const result = unitsFromRows(table(['code', 'A.1', 'A.2', 'B.1', 'B.2', 'B.3', 'B.4'], ['79', '1', '2', 'full', '3', '4', '5']), framework);
    expect(result.ok && result.notes).toEqual(['no column for 1 indicator(s) (A.3): missing for every unit (missing: zero)']);
  });

  it('maps the engine input issues back to rows and columns', () => {
    const data = table(['code', 'A.3.numerator', 'A.3.denominator', 'B.1'], ['79', '1', '2', 'full'], ['48', '1', '', 'none']);
    const error = new EngineInputError([
      { code: 'bad_numbers', unit: '48', indicator: 'A.3', message: '48 A.3: expected all of numerator, denominator' },
      { code: 'unknown_choice', unit: '79', indicator: 'B.1', message: '79 B.1: "full" is not one of none' },
      { code: 'duplicate_unit', unit: '79', message: 'unit 79 is given twice' },
    ]);
    expect(problemsFromEngine(error, data, framework).map(formatProblem)).toEqual([
      'row 2, column code: unit 79 is given twice',
      'row 2, column B.1: 79 B.1: "full" is not one of none',
      'row 3, column A.3.numerator: 48 A.3: expected all of numerator, denominator',
    ]);
  });
});
