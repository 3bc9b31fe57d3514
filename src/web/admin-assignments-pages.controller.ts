import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The administrator's reviewer assignments of a cycle: who reviews which unit, the lead, bulk assignment, conflicts. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminAssignmentsPagesController {}
