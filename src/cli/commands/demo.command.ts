import { join } from 'node:path';
import { systemActor } from '../../common/actor';
import { loadConfig } from '../../config/load-config';
import { ensureDatabase } from '../../database/ensure-database';
import { runMigrations } from '../../database/migrate';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { UnitsService } from '../../units/units.service';
import { Role } from '../../users/role';
import { UsersService } from '../../users/users.service';
import { withCliContext } from '../cli-context';

export const DEMO_ADMIN = { email: 'admin@dti.local', fullName: 'Quản trị hệ thống (demo)', password: 'demo-admin-2026!' };

const step = (n: number, total: number, text: string) => console.log(`[${n}/${total}] ${text}`);

/** The yearly cycle on the local PostgreSQL and Redis, as far as the platform goes today. */
export async function demoCommand(): Promise<void> {
  const config = loadConfig();
  const total = 4;
  step(1, total, `database ${config.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
  await ensureDatabase(config.DATABASE_URL);
  const ran = await runMigrations(config);
  console.log(`      migrations: ${ran.length ? ran.join(', ') : 'up to date'}`);

  await withCliContext(async (app) => {
    const actor = systemActor('demo');
    step(2, total, 'unit registry from config/units');
    const report = await app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), actor);
    console.log(`      ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);

    step(3, total, 'demo administrator');
    const users = app.get(UsersService);
    if (await users.findForLogin(DEMO_ADMIN.email)) {
      console.log(`      ${DEMO_ADMIN.email} exists`);
    } else {
      await users.create(actor, { ...DEMO_ADMIN, role: Role.Admin });
      console.log(`      created ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
    }

    step(4, total, 'the registry');
    const units = app.get(UnitsService);
    const count = async (level: 'province' | 'ministry', validOn: string) =>
      (await units.list({ level, validOn, page: 1, pageSize: 1 })).total;
    console.log(`      provinces valid on 2024-12-31: ${await count('province', '2024-12-31')}`);
    console.log(`      provinces valid on 2025-07-01: ${await count('province', '2025-07-01')}`);
    console.log(`      ministries and agencies:       ${await count('ministry', '2024-12-31')}`);
    const hcm = (await units.list({ level: 'province', code: '79', validOn: '2025-07-01', page: 1, pageSize: 1 })).items[0];
    if (hcm) {
      console.log(`      ${hcm.code} ${hcm.nameVi} (2025) formed from ${hcm.predecessors.map((p) => `${p.code} ${p.nameVi}`).join(', ')}`);
    }
  });
  console.log(`\nStart the API with \`npm start\`, sign in as ${DEMO_ADMIN.email}; OpenAPI at http://localhost:${config.PORT}/api/docs`);
}
