import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The administrator's export jobs: request a workbook, follow its progress, download it once done. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminExportsPagesController {}
