import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { Role } from '../../auth/role';
import { UnitsService } from '../../units/units.service';
import { UsersService } from '../../users/users.service';
import type { DemoLevel, DemoUnit } from './demo-unit';
import { cliOutput } from '../output/cli-output';
import { Progress } from './progress';

export const DEMO_ADMIN = { email: 'admin@dti.local', fullName: 'Quản trị hệ thống (demo)', password: 'demo-admin-2026!' };
export const DEMO_OFFICER_PASSWORD = 'demo-officer-2026!';

/** The focal officer's e-mail of a unit: can-bo.<code>@demo.dti.vn, the code in lower case. */
export const officerEmail = (code: string): string => `can-bo.${code.toLowerCase()}@demo.dti.vn`;

/**
 * The officer of a province as from 1/7/2025 (provinces-2025.yaml): its own account, since a pre-reform province of
 * the same code is another unit, whose officer keeps its results of 2021–2023.
 */
export const officerEmail2025 = (code: string): string => `can-bo.${code.toLowerCase()}.2025@demo.dti.vn`;

export async function ensureUser(users: UsersService, actor: Actor, email: string, fullName: string, role: Role, unitId?: string): Promise<Actor> {
  const existing = await users.findForLogin(email);
  const user = existing ?? (await users.create(actor, { email, fullName, role, unitId, password: role === Role.Admin ? DEMO_ADMIN.password : DEMO_OFFICER_PASSWORD }));
  return { userId: user.id, label: user.email, role: user.role, unitId: user.unitId } satisfies Actor;
}

export async function ensureDemoAdmin(app: INestApplicationContext, actor: Actor): Promise<Actor> {
  return ensureUser(app.get(UsersService), actor, DEMO_ADMIN.email, DEMO_ADMIN.fullName, Role.Admin);
}

/** The units of a level valid on a day, each with its focal officer (by default can-bo.<code>@demo.dti.vn). */
export async function demoUnits(
  app: INestApplicationContext,
  actor: Actor,
  level: DemoLevel,
  validOn: string,
  emailOf: (code: string) => string = officerEmail,
): Promise<Map<string, DemoUnit>> {
  const units = (await app.get(UnitsService).list({ level: level.code, validOn, page: 1, pageSize: 500 })).items;
  const users = app.get(UsersService);
  const progress = new Progress(cliOutput().words.demo.officersOf[level.code], units.length);
  const out = new Map<string, DemoUnit>();
  for (const [i, unit] of units.entries()) {
    const officer = await ensureUser(users, actor, emailOf(unit.code), `Cán bộ đầu mối ${unit.nameVi}`, Role.Officer, unit.id);
    out.set(unit.code, { id: unit.id, code: unit.code, nameVi: unit.nameVi, officer });
    progress.tick(i + 1);
  }
  return out;
}
