import { csvNumberHint, describeCsvDialect, detectCsvDialect, dialectNumber, headerReadAs, type CsvDialect } from './csv-dialect';

const COMMA: CsvDialect = { separator: ',', decimalComma: false, bom: false };
const SEMICOLON: CsvDialect = { separator: ';', decimalComma: true, bom: true };

describe('detectCsvDialect', () => {
  it('reads the separator from the header line, counting only outside quotes, and strips the BOM', () => {
    expect(detectCsvDialect('\uFEFFcode;name;CPS.01\r\n79;"a,b,c,d";0,75\r\n')).toEqual({
      text: 'code;name;CPS.01\r\n79;"a,b,c,d";0,75\r\n',
      dialect: { separator: ';', decimalComma: true, bom: true },
    });
    // The commas of a quoted header cell (even over a line break) do not count; the data rows are never looked at.
    expect(detectCsvDialect('"Tên, đơn vị\nmới";code;A.1\n1,2,3,4,5\n').dialect.separator).toBe(';');
    expect(detectCsvDialect('code,name;x,A.1\n').dialect).toEqual({ separator: ',', decimalComma: false, bom: false });
    expect(detectCsvDialect('code\tname\tA.1\n').dialect).toEqual({ separator: '\t', decimalComma: false, bom: false });
  });

  it('takes a comma when the header has no separator (one column) or a tie', () => {
    expect(detectCsvDialect('code\n79\n').dialect.separator).toBe(',');
    expect(detectCsvDialect('a;b,c\n').dialect.separator).toBe(',');
  });

  it('says what it detected in Vietnamese', () => {
    expect(describeCsvDialect(SEMICOLON)).toBe("phân tách ';', dấu thập phân ',', có BOM");
    expect(describeCsvDialect(COMMA)).toBe("phân tách ',', dấu thập phân '.', không BOM");
    expect(describeCsvDialect({ separator: '\t', decimalComma: false, bom: true })).toBe("phân tách tab, dấu thập phân '.', có BOM");
  });
});

describe('dialectNumber', () => {
  it('reads decimal commas and dot-grouped thousands only in a file with decimal commas', () => {
    expect(['0,75', '-1,5', '1.234,5', '12.345.678', '1.234.567,25', '85.5', '100', ' 7 '].map((t) => dialectNumber(t, SEMICOLON))).toEqual([
      0.75, -1.5, 1234.5, 12345678, 1234567.25, 85.5, 100, 7,
    ]);
    expect(['0,75', '1.234,5', '12.345.678'].map((t) => dialectNumber(t, COMMA))).toEqual([undefined, undefined, undefined]);
    expect(dialectNumber('1.234', COMMA)).toBe(1.234);
    expect(dialectNumber(0.5, SEMICOLON)).toBe(0.5);
  });

  it('refuses what it cannot read for sure, and says why for "1.234"', () => {
    for (const text of ['1.234', '1,234.5', '1,2,3', '1 234,5', '12,', 'abc', '']) expect(dialectNumber(text, SEMICOLON)).toBeUndefined();
    expect(csvNumberHint('1.234', SEMICOLON)).toBe(
      " (in a file separated by ';' the comma is the decimal mark and a dot groups thousands, so 1.234 could be either: write 1234 or 1,234)",
    );
    expect(csvNumberHint('abc', SEMICOLON)).toBe('');
    expect(csvNumberHint('1.234', COMMA)).toBe('');
  });
});

describe('headerReadAs', () => {
  it('names the header as read, the separator and how to save the file', () => {
    expect(headerReadAs(['code|name|A.1'], COMMA)).toBe(
      `row 1 was read as 1 column(s) separated by ',': "code|name|A.1"; in Excel save the file as "CSV UTF-8 (Comma delimited)" (or with ';' as the separator), or as .xlsx`,
    );
  });
});
