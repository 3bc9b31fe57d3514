import { getMetadataArgsStorage } from 'typeorm';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { UNIT_RESULT_COLUMNS, UnitResultColumns } from './unit-result-columns';

describe('UNIT_RESULT_COLUMNS', () => {
  it('names every column UnitResultColumns declares, as the database names it, and no other', () => {
    const naming = new SnakeNamingStrategy();
    const declared = getMetadataArgsStorage()
      .columns.filter((column) => column.target === UnitResultColumns)
      .map((column) => naming.columnName(column.propertyName, undefined, []));
    expect(declared.length).toBeGreaterThan(10);
    expect([...UNIT_RESULT_COLUMNS].sort()).toEqual(declared.sort());
  });
});
