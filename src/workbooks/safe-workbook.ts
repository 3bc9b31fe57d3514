import ExcelJS from 'exceljs';
import { inspectZip, looksLikeZip, WorkbookRefusedError, type ZipEntryInfo, type ZipEntryVisitor } from './zip-inspect';

export { WorkbookRefusedError, type WorkbookRefusalDetails, type WorkbookRefusalRule } from './zip-inspect';

/**
 * Reading an uploaded .xlsx without trusting it (DESIGN.md, Conventions: "workbooks parsed in a job, with limits on
 * entries, size, ratio (zip bombs), rows and columns").
 *
 * In order, before exceljs ever sees the bytes:
 *  1. size: more than maxFileBytes → too-large; the signature: a zip (PK\3\4), else not-xlsx, or encrypted for an
 *     Office-encrypted (password to open) file, which is an OLE compound file holding an EncryptionInfo stream;
 *  2. the zip's central directory (yauzl): entry count, declared inflated total, declared per-entry ratio;
 *     encrypted entries; vbaProject.bin or a macro-enabled content type → macro;
 *  3. every entry inflated once, counting the real bytes (an entry inflating past its declared size, past the
 *     total or past the ratio is stopped there), the worksheets' XML scanned on the fly for their last row and
 *     column, so a 100,000-row sheet is refused without ever being built in memory;
 *  4. [Content_Types].xml and xl/workbook.xml must be present (a .docx or a plain zip is not-xlsx);
 *  5. exceljs loads the bytes (unreadable → corrupt), and each sheet's rowCount and columnCount are checked again.
 * Any other failure is turned into a WorkbookRefusedError: it is the only error this module throws.
 */

export interface WorkbookLimits {
  /** Size of the file as uploaded. */
  maxFileBytes: number;
  /** Zip entries, directories included (a workbook of a few sheets has 10 to 30). */
  maxEntries: number;
  /** Sum of all entries once inflated. */
  maxDecompressedBytes: number;
  /** Inflated / compressed size of one entry, for entries beyond ratioGraceBytes. */
  maxCompressionRatio: number;
  /** Entries that inflate to no more than this are not held to the ratio (small XML parts compress 100:1 and more). */
  ratioGraceBytes: number;
  /** The last row number of any worksheet (hidden ones included). */
  maxRows: number;
  /** The last column number of any worksheet. */
  maxColumns: number;
}

export const DEFAULT_WORKBOOK_LIMITS: Readonly<WorkbookLimits> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 200,
  maxDecompressedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioGraceBytes: 1024 * 1024,
  maxRows: 5_000,
  maxColumns: 100,
});

/** What a data file (one sheet of values: unit data, system values) may hold: its size, rows and columns. */
export interface DataFileLimits {
  bytes: number;
  rows: number;
  columns: number;
}

/** The safe reader's limits for a data file: the file's own size, row and column limits, and room for big sheets. */
export function dataFileWorkbookLimits(limits: DataFileLimits): WorkbookLimits {
  return {
    ...DEFAULT_WORKBOOK_LIMITS,
    maxFileBytes: limits.bytes,
    maxRows: limits.rows,
    maxColumns: limits.columns,
    maxDecompressedBytes: 256 * 1024 * 1024,
  };
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
// Small parts read whole; a bigger one is not a workbook a person made.
const MAX_SMALL_PART_BYTES = 2 * 1024 * 1024;
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const SMALL_PARTS = new Set(['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);

export async function readWorkbookSafely(buffer: Buffer, limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS): Promise<ExcelJS.Workbook> {
  try {
    return await readChecked(buffer, limits);
  } catch (error) {
    if (error instanceof WorkbookRefusedError) throw error;
    throw new WorkbookRefusedError('corrupt', `the workbook cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readChecked(buffer: Buffer, limits: WorkbookLimits): Promise<ExcelJS.Workbook> {
  if (!Buffer.isBuffer(buffer) || buffer.length === 0) throw new WorkbookRefusedError('not-xlsx', 'the file is empty');
  if (buffer.length > limits.maxFileBytes) {
    throw new WorkbookRefusedError('too-large', `the file has ${buffer.length} bytes, more than the limit of ${limits.maxFileBytes}`, {
      limit: limits.maxFileBytes,
    });
  }
  checkSignature(buffer);
  const { entries, text, sheets } = await scanParts(buffer, limits);
  checkParts(entries, text);
  checkSheetScans(sheets, sheetTabs(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels')), limits);
  return loadChecked(buffer, limits);
}

/** What one pass over the zip keeps: its entries, the text of the small parts, a scanner per worksheet part. */
interface ScannedParts {
  entries: ZipEntryInfo[];
  text(name: string): string;
  sheets: Map<string, SheetScanner>;
}

/** Every entry inflated once (inspectZip's limits), the small parts kept, the worksheets scanned on the fly. */
async function scanParts(buffer: Buffer, limits: WorkbookLimits): Promise<ScannedParts> {
  const small = new Map<string, Buffer[]>();
  const sheets = new Map<string, SheetScanner>();
  const visit: ZipEntryVisitor = (name) => {
    if (SMALL_PARTS.has(name)) {
      const chunks: Buffer[] = [];
      small.set(name, chunks);
      let size = 0;
      return (chunk) => {
        size += chunk.length;
        if (size > MAX_SMALL_PART_BYTES) {
          throw new WorkbookRefusedError('corrupt', `the part "${name}" is larger than ${MAX_SMALL_PART_BYTES} bytes`, { entry: name });
        }
        chunks.push(chunk);
      };
    }
    if (WORKSHEET_PART.test(name)) {
      const scanner = new SheetScanner(limits.maxColumns);
      sheets.set(name, scanner);
      return (chunk) => scanner.push(chunk);
    }
    return undefined;
  };
  const entries = await inspectZip(buffer, limits, visit);
  return { entries, text: (name) => Buffer.concat(small.get(name) ?? []).toString('utf8'), sheets };
}

/** No macros, and the parts every .xlsx has (a .docx or a plain zip is not-xlsx). */
function checkParts(entries: ZipEntryInfo[], text: (name: string) => string): void {
  const names = new Set(entries.map((e) => e.name));
  if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) {
    throw new WorkbookRefusedError('macro', 'the workbook holds macros (vbaProject.bin); save it as a plain .xlsx workbook');
  }
  for (const required of ['[Content_Types].xml', 'xl/workbook.xml']) {
    if (!names.has(required)) {
      throw new WorkbookRefusedError('not-xlsx', `a zip file but not an Excel workbook (no ${required}); save the file as .xlsx`, {
        entry: required,
      });
    }
  }
  if (/macroEnabled/i.test(text('[Content_Types].xml'))) {
    throw new WorkbookRefusedError('macro', 'a macro-enabled workbook (.xlsm); save it as a plain .xlsx workbook');
  }
}

/** The row and column limits on the worksheets' scanned XML, named by their tab where the workbook says it. */
function checkSheetScans(sheets: Map<string, SheetScanner>, tabs: Map<string, { name: string; index: number }>, limits: WorkbookLimits): void {
  for (const [part, scanner] of sheets) {
    const tab = tabs.get(part);
    const where = tab ? `the worksheet "${tab.name}"` : `the worksheet part ${part}`;
    const details = { entry: part, sheet: tab?.name, sheetIndex: tab?.index };
    if (scanner.maxRow > limits.maxRows) {
      throw new WorkbookRefusedError('too-many-rows', `${where} has more than ${limits.maxRows} rows (the limit)`, {
        ...details,
        row: scanner.maxRow,
        limit: limits.maxRows,
      });
    }
    if (scanner.wide) {
      throw new WorkbookRefusedError(
        'too-many-columns',
        `${where}: row ${scanner.wide.row} reaches column ${scanner.wide.column}, more than the limit of ${limits.maxColumns}`,
        { ...details, row: scanner.wide.row, column: scanner.wide.column, limit: limits.maxColumns },
      );
    }
  }
}

/** exceljs loads the checked bytes; each sheet's row and column counts are checked again. */
async function loadChecked(buffer: Buffer, limits: WorkbookLimits): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new WorkbookRefusedError('corrupt', `not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  // Belt and braces: the scan above already holds these, but exceljs is the reader that counts.
  workbook.worksheets.forEach((sheet, sheetIndex) => {
    if (sheet.rowCount > limits.maxRows) {
      throw new WorkbookRefusedError('too-many-rows', `the worksheet "${sheet.name}" has more than ${limits.maxRows} rows (the limit)`, {
        sheet: sheet.name,
        sheetIndex,
        row: sheet.rowCount,
        limit: limits.maxRows,
      });
    }
    if (sheet.columnCount > limits.maxColumns) {
      throw new WorkbookRefusedError(
        'too-many-columns',
        `the worksheet "${sheet.name}" reaches column ${sheet.columnCount}, more than the limit of ${limits.maxColumns}`,
        { sheet: sheet.name, sheetIndex, column: sheet.columnCount, limit: limits.maxColumns },
      );
    }
  });
  return workbook;
}

function checkSignature(buffer: Buffer): void {
  if (looksLikeZip(buffer)) return;
  const head = buffer.subarray(0, 8);
  if (head.equals(OLE_SIGNATURE)) {
    // Excel's "Encrypt with password" wraps the .xlsx in an OLE compound file; an old .xls is one too.
    if (buffer.includes(ENCRYPTION_INFO)) {
      throw new WorkbookRefusedError('encrypted', 'the workbook is protected by a password to open; remove the password and save it again');
    }
    throw new WorkbookRefusedError('not-xlsx', 'an old Excel 97-2003 (.xls) or other OLE file, not .xlsx; save it as .xlsx');
  }
  const ascii = buffer.subarray(0, 5).toString('latin1');
  if (ascii.startsWith('%PDF')) throw new WorkbookRefusedError('not-xlsx', 'a PDF file, not an .xlsx workbook');
  if (buffer.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'latin1'))) {
    throw new WorkbookRefusedError('not-xlsx', 'an empty zip file, not an .xlsx workbook');
  }
  throw new WorkbookRefusedError('not-xlsx', 'not an .xlsx workbook (an .xlsx file is a zip; this one is text or another format)');
}

/**
 * Streams a worksheet's XML and keeps its last row number and the first cell past the column limit. Tags cut by a
 * chunk boundary are carried to the next chunk. Rows and cells without an `r` attribute follow the previous one.
 */
export class SheetScanner {
  maxRow = 0;
  wide: { row: number; column: number } | undefined;
  private carry = '';
  private row = 0;
  private column = 0;
  private static readonly TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>/g;
  private static readonly REF = /\sr\s*=\s*["']([A-Za-z]*)(\d*)["']/;

  constructor(private readonly maxColumns: number) {}

  push(chunk: Buffer): void {
    let text = this.carry + chunk.toString('latin1');
    this.carry = '';
    const open = text.lastIndexOf('<');
    if (open >= 0 && text.indexOf('>', open) < 0) {
      // A tag longer than 64 KB is no row or cell tag: drop it rather than grow the carry.
      this.carry = text.length - open <= 65_536 ? text.slice(open) : '';
      text = text.slice(0, open);
    }
    for (const match of text.matchAll(SheetScanner.TAG)) {
      const ref = SheetScanner.REF.exec(match[2]);
      if (match[1] === 'row') {
        const n = ref && ref[2] ? Number(ref[2]) : this.row + 1;
        this.row = n;
        this.column = 0;
        if (n > this.maxRow) this.maxRow = n;
      } else {
        this.column = ref && ref[1] ? columnNumber(ref[1]) : this.column + 1;
        if (ref && ref[2] && Number(ref[2]) > this.maxRow) this.maxRow = Number(ref[2]);
        if (this.column > this.maxColumns && !this.wide) this.wide = { row: ref && ref[2] ? Number(ref[2]) : this.row, column: this.column };
      }
    }
  }
}

/** "A" → 1, "Z" → 26, "AA" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 27 → "AA". */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : XML_ENTITIES[e],
  );
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2]) : undefined;
};

/** Worksheet part → its tab name and position, from xl/workbook.xml and its relationships (for messages only). */
function sheetTabs(workbookXml: string, relsXml: string): Map<string, { name: string; index: number }> {
  const targets = new Map<string, string>();
  for (const [tag] of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const tabs = new Map<string, { name: string; index: number }>();
  let index = 0;
  for (const [tag] of workbookXml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const name = attr(tag, 'name');
    const id = attr(tag, 'r:id') ?? attr(tag, '[\\w]+:id');
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) tabs.set(part, { name, index });
    index++;
  }
  return tabs;
}

/** The longest text an Excel cell holds. */
export const EXCEL_CELL_MAX_CHARS = 32_767;

// Characters XML 1.0 cannot carry: a cell holding one makes a file Excel refuses to open.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * User text prepared for WRITING to an .xlsx cell (`cell.value = safeText(x)`). An .xlsx cell given a JavaScript
 * string is written as a string cell (a shared string), never as a formula, whatever it starts with: "=1+1",
 * "+84…", "-5", "@SUM(…)" stay text that Excel shows as typed, and no apostrophe is added (it would become part of
 * the value when the file is read back). What this does: NFC-normalise, drop the characters XML cannot carry
 * (control characters other than tab, LF and CR, lone surrogates), write line ends as LF (an XML reader turns a raw
 * CR into LF anyway, and Excel breaks lines on LF), and cut at Excel's 32,767-character cell limit.
 * Never build `{ formula }` from user text. For CSV, where a leading = + - @ tab or CR is interpreted by
 * spreadsheet programs, use csvSafeText instead.
 */
export function safeText(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const clean = text.normalize('NFC').replace(XML_FORBIDDEN, '').replace(/\r\n?/g, '\n');
  if (clean.length <= EXCEL_CELL_MAX_CHARS) return clean;
  // Do not cut a surrogate pair in half.
  const cut = /[\uD800-\uDBFF]/.test(clean[EXCEL_CELL_MAX_CHARS - 1]) ? EXCEL_CELL_MAX_CHARS - 1 : EXCEL_CELL_MAX_CHARS;
  return clean.slice(0, cut);
}

/** For CSV only (OWASP "CSV injection"): a value starting with = + - @ tab or CR gets a leading apostrophe. */
export function csvSafeText(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
