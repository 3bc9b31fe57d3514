import type ExcelJS from 'exceljs';

/**
 * exceljs's streaming writer hands a sheet's XML to the zip without heeding backpressure: what keeps a streamed
 * workbook's memory bounded and its zip from falling behind.
 */

/** What a sheet may have written that the zip has not taken yet. */
export const ZIP_BACKLOG_LIMIT = 1024 * 1024;

/**
 * How much of a sheet's XML goes to the zip at a time, and what the zip deflates in one go. Each hand-over between the
 * sheet, the deflater (on libuv's threads) and the file takes a turn of the event loop, which a sheet being written
 * gives only between batches of rows (waitForZip): with exceljs's 64 KB pieces and zlib's 16 KB output the zip fell
 * behind and the writer waited for it 1.2–1.8 s of a 10,000-unit ranking's 9 s; with 2 MB, under 0.1 s. Since the
 * rows are written as XML (row-xml.ts) a batch of rows takes a fraction of the time, and 512 KB (with a 1 MB
 * backlog) costs no CPU measurable against 2 MB (and 4 MB) while keeping ~10 MB fewer buffers resident.
 */
export const ZIP_CHUNK_BYTES = 512 * 1024;

/** The stream exceljs writes a sheet's XML into: a StreamBuf that hands it on in pieces of bufSize. */
export function sheetStream(ws: ExcelJS.Worksheet): { bufSize: number; pipes?: ZipEntryStream[] } {
  return (ws as unknown as { stream: { bufSize: number; pipes?: ZipEntryStream[] } }).stream;
}

/** The entry stream exceljs appends to archiver for a sheet: a readable-stream 2 PassThrough. */
interface ZipEntryStream extends NodeJS.EventEmitter {
  _writableState?: { length: number };
  _readableState?: { length: number; pipesCount: number };
}

function zipEntry(ws: ExcelJS.Worksheet): ZipEntryStream | undefined {
  return sheetStream(ws).pipes?.[0];
}

/**
 * The bytes of a streamed sheet that wait for the zip. exceljs's sheet stream writes into the zip without heeding
 * backpressure, so a sheet written faster than it is deflated piles up in memory (the whole 120 MB of a 10,000 ×
 * 400 sheet's XML, seen in the benchmark); undefined when the internals are not where exceljs 4.4 has them.
 */
export function zipBacklog(ws: ExcelJS.Worksheet): number | undefined {
  const entry = zipEntry(ws);
  if (!entry?._writableState || !entry._readableState) return undefined;
  return entry._writableState.length + entry._readableState.length;
}

/**
 * Yields to the event loop, then waits while more than `limit` bytes of this sheet wait for the zip: for the entry to
 * drain once the zip is taking it, or for the entries ahead of it to be zipped. When the zip takes nothing for a
 * second (an earlier entry is still open, so this one's turn will not come), it stops waiting rather than hang.
 */
export async function waitForZip(ws: ExcelJS.Worksheet, limit = ZIP_BACKLOG_LIMIT): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const entry = zipEntry(ws);
  if (!entry) return;
  const book = (ws as unknown as { _workbook: { zip: NodeJS.EventEmitter & { pointer(): number }; stream: { destroyed?: boolean } } })._workbook;
  let backlog = zipBacklog(ws) ?? 0;
  let pointer = book.zip.pointer();
  let moved = Date.now();
  while (backlog > limit) {
    if (book.stream.destroyed) throw new Error('the workbook could not be written: its output stream is closed');
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.removeListener('drain', done);
        book.zip.removeListener('entry', done);
        resolve();
      };
      const timer = setTimeout(done, 25);
      entry.once('drain', done);
      book.zip.once('entry', done);
    });
    const now = zipBacklog(ws) ?? 0;
    if (now < backlog || book.zip.pointer() !== pointer) moved = Date.now();
    else if (Date.now() - moved > 1000) return;
    backlog = now;
    pointer = book.zip.pointer();
  }
}

/** Commits a streamed sheet and waits until the zip has taken all of it. */
export function commitSheet(ws: ExcelJS.Worksheet): Promise<void> {
  const sheet = ws as unknown as { stream: NodeJS.EventEmitter; commit(): void; committed?: boolean };
  if (sheet.committed) return Promise.resolve();
  return new Promise((resolve) => {
    sheet.stream.once('zipped', () => resolve());
    sheet.commit();
  });
}
