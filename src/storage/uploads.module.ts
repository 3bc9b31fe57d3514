import { Global, Module } from '@nestjs/common';
import { OrphanFilesService } from './orphan-files.service';
import { UploadQuotaService } from './upload-quota.service';

/**
 * What keeps the storage in bounds, app-wide: each user's upload rate and quota (the UploadGate of every upload
 * route asks UploadQuotaService) and the sweep of stored files no row refers to (OrphanFilesService).
 */
@Global()
@Module({
  providers: [UploadQuotaService, OrphanFilesService],
  exports: [UploadQuotaService, OrphanFilesService],
})
export class UploadsModule {}
