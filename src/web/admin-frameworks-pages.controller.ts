import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The administrator's frameworks: import a file and see its validation errors, the tree of a version, the diff of two versions. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminFrameworksPagesController {}
