import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The reviewer's workbook pages: download the review workbook of the assigned units, upload it, read the import's report. */
@ApiExcludeController()
@AppPage(Role.Reviewer)
@Controller(`${APP_PREFIX}/review`)
export class ReviewerWorkbookPagesController {}
