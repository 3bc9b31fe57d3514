import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The officer's Excel template pages: download the unit's template, upload a filled one, read the import's report. */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerTemplatePagesController {}
