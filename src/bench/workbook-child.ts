import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { peakRssBytes } from '../common/peak-rss';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from '../database/data-source-options';
import { writeRankingWorkbookToFile } from '../exports/export-data';
import { waitForZip } from '../workbooks/zip-backpressure';

/**
 * One side of the workbook benchmark in a process of its own (started by workbook.bench.ts), so that the peak RSS
 * it reports is its own: `real <publicationId> <file>` writes the ranking workbook with writeRankingWorkbookToFile
 * from the bench database; `floor <matrix.jsonl> <file>` streams the same cells with exceljs's WorkbookWriter and
 * nothing else. Prints one JSON line: WorkbookChildReport.
 */

export interface WorkbookChildReport {
  seconds: number;
  /** The process's own peak resident set size (peakRssBytes), in bytes. */
  maxRssBytes: number;
  /** RSS just before the timed part began. */
  baselineRssBytes: number;
  sizeBytes: number;
  sheets: number;
}

/** Raw streaming: a sheet per run of lines with the same sheet number, each line one committed row. */
async function floor(matrix: string, file: string): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  let current = -1;
  let ws: ExcelJS.Worksheet | null = null;
  let rows = 0;
  let sheets = 0;
  for await (const line of createInterface({ input: createReadStream(matrix), crlfDelay: Infinity })) {
    const [sheet, ...cells] = JSON.parse(line) as [number, ...ExcelJS.CellValue[]];
    if (sheet !== current) {
      if (ws) ws.commit();
      ws = book.addWorksheet(`Sheet ${sheet + 1}`);
      current = sheet;
      sheets++;
    }
    ws!.addRow(cells).commit();
    // As the export does (OpenSheet.breathe): every 100 rows, let the zip take what the sheet wrote.
    if (++rows % 100 === 0) await waitForZip(ws!);
  }
  if (ws) ws.commit();
  await book.commit();
  return sheets;
}

async function main(): Promise<void> {
  const [mode, source, file] = process.argv.slice(2);
  let sheets = 0;
  let run: () => Promise<void>;
  let db: DataSource | null = null;
  if (mode === 'real') {
    db = await new DataSource(withEntityFiles(loadConfig())).initialize();
    const connected = db;
    run = async () => {
      await writeRankingWorkbookToFile(connected, source, file);
    };
  } else if (mode === 'floor') {
    run = async () => {
      sheets = await floor(source, file);
    };
  } else {
    throw new Error('usage: workbook-child real <publicationId> <file> | floor <matrix.jsonl> <file>');
  }
  const baselineRssBytes = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await db?.destroy();
  const report: WorkbookChildReport = {
    seconds,
    maxRssBytes: peakRssBytes(),
    baselineRssBytes,
    sizeBytes: (await stat(file)).size,
    sheets,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
