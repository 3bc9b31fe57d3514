import 'reflect-metadata';
import { runAsCappedChild } from '../queue/capped-child';
import { writeExport, type ExportRequest } from './export-writer';

/**
 * The export process (started by runExportProcess): `node --max-old-space-size=<MB> export-child.js '{"request":
 * …, "path": …}'` writes one workbook and reports over IPC, then ends.
 */
runAsCappedChild<{ request: ExportRequest; path: string }, { fileName: string }>(async (db, { request, path }, progress) => ({
  fileName: await writeExport(db, request, path, progress),
}));
