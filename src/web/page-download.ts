import type { Response } from 'express';
import { XLSX_TYPE } from '../submissions/template/template.controller';

/** A workbook a page hands out (a template, a review workbook), as the API serves it: an attachment named in UTF-8. */
export function sendWorkbook(res: Response, file: { fileName: string; content: Buffer }): void {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.end(file.content);
}
