import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { DEFAULT_WORKBOOK_LIMITS } from '../../workbooks/safe-workbook';

/**
 * An import file (template, system values): kept in memory up to the workbook size limit, since the job reads it
 * whole anyway; the job checks what it is.
 */
export const ImportFileInterceptor = () =>
  FileInterceptor('file', {
    storage: memoryStorage(),
    limits: { fileSize: DEFAULT_WORKBOOK_LIMITS.maxFileBytes, files: 1, fields: 5, parts: 6 },
    defParamCharset: 'utf8',
  });
