import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Role } from '../users/role';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/** The administrator's pages of a cycle's units: the participating units and the extensions of a unit's window. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminCycleUnitsPagesController {}
