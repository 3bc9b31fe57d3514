import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { systemActor, type Actor } from '../../auth/actor';
import { loadConfig } from '../../config/load-config';
import { ensureDatabase } from '../../database/ensure-database';
import { writeRankingWorkbookToFile } from '../../exports/export-data';
import { runMigrations } from '../../database/migrate';
import { PublicResultsService } from '../../publications/public-results.service';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { UnitsService } from '../../units/units.service';
import { Role } from '../../auth/role';
import { UsersService } from '../../users/users.service';
import { runDemoYear } from '../demo/demo-cycle';
import type { DemoUnit } from '../demo/demo-unit';
import { DEMO_REVIEWER_PASSWORD, demoReviewers } from '../demo/demo-review';
import { DemoModule } from '../demo/demo.module';
import { detail, Progress, step } from '../demo/progress';

export const DEMO_ADMIN = { email: 'admin@dti.local', fullName: 'Quản trị hệ thống (demo)', password: 'demo-admin-2026!' };
export const DEMO_OFFICER_PASSWORD = 'demo-officer-2026!';
const YEARS = [2021, 2022, 2023];
/** These provinces fill their 2022 self-assessment through the Excel template round trip. */
const TEMPLATE_UNITS_2022 = ['01', '31', '48', '79', '92'];

async function ensureUser(users: UsersService, actor: Actor, email: string, fullName: string, role: Role, unitId?: string) {
  const existing = await users.findForLogin(email);
  const user = existing ?? (await users.create(actor, { email, fullName, role, unitId, password: role === Role.Admin ? DEMO_ADMIN.password : DEMO_OFFICER_PASSWORD }));
  return { userId: user.id, label: user.email, role: user.role, unitId: user.unitId } satisfies Actor;
}

/** The 63 provinces of 2021–2023, each with its focal officer. */
async function provinces(app: INestApplicationContext, actor: Actor): Promise<Map<string, DemoUnit>> {
  const units = (await app.get(UnitsService).list({ level: 'province', validOn: '2023-12-31', page: 1, pageSize: 500 })).items;
  const users = app.get(UsersService);
  const progress = new Progress('officers', units.length);
  const out = new Map<string, DemoUnit>();
  for (const [i, unit] of units.entries()) {
    const officer = await ensureUser(users, actor, `can-bo.${unit.code}@demo.dti.vn`, `Cán bộ đầu mối ${unit.nameVi}`, Role.Officer, unit.id);
    out.set(unit.code, { id: unit.id, code: unit.code, nameVi: unit.nameVi, officer });
    progress.tick(i + 1);
  }
  return out;
}

function printTop10(ranking: Awaited<ReturnType<PublicResultsService['ranking']>>): void {
  console.log(`\nDTI ${ranking.year} — cấp tỉnh (phiên bản ${ranking.version}): 10 địa phương dẫn đầu`);
  console.log('  Hạng  Mã  Địa phương              Chỉ số   Năm trước  Thay đổi hạng');
  for (const row of ranking.rows.slice(0, 10)) {
    const change = row.previous?.rankChange;
    const arrow = change === null || change === undefined ? '' : change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=';
    console.log(
      `  ${String(row.rank ?? '-').padStart(4)}  ${row.code}  ${row.nameVi.padEnd(22)}  ${(row.index ?? 0).toFixed(4)}   ${row.previous?.rank ? `hạng ${row.previous.rank}`.padEnd(9) : '-'.padEnd(9)}  ${arrow}`,
    );
  }
}

/** The yearly cycle on the local PostgreSQL and Redis, end to end, for 2021, 2022 and 2023. */
export async function demoCommand(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  step(`database ${config.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}, Redis ${config.REDIS_URL}`);
  await ensureDatabase(config.DATABASE_URL);
  const ran = await runMigrations(config);
  detail(`migrations: ${ran.length ? ran.join(', ') : 'up to date'}`);

  const app = await NestFactory.createApplicationContext(DemoModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const cli = systemActor('demo');
    step('unit registry (config/units)');
    const report = await app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), cli);
    detail(`${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);

    step('people');
    const admin = await ensureUser(app.get(UsersService), cli, DEMO_ADMIN.email, DEMO_ADMIN.fullName, Role.Admin);
    detail(`administrator ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
    const units = await provinces(app, admin);
    detail(`officers can-bo.<code>@demo.dti.vn / ${DEMO_OFFICER_PASSWORD} (e.g. can-bo.48@demo.dti.vn for Đà Nẵng)`);
    const reviewers = await demoReviewers(app, admin, units);
    detail(`reviewers tham-dinh.01..${String(reviewers.length).padStart(2, '0')}@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD} (01, 79 and 48 are the first three's own provinces)`);

    mkdirSync(config.OUT_DIR, { recursive: true });
    const workbooks: string[] = [];
    for (const year of YEARS) {
      step(`DTI ${year}: open, self-assess, import, submit, review, score, publish`);
      const publication = await runDemoYear(app, admin, year, `pdti-${year}.yaml`, units, year === 2022 ? TEMPLATE_UNITS_2022 : [], reviewers);
      const file = await writeRankingWorkbookToFile(app.get(DataSource), publication.id, join(config.OUT_DIR, `dti-${year}-province.xlsx`));
      detail(`ranking workbook ${file.path} (${(file.sizeBytes / 1024).toFixed(0)} KiB, ${file.units} units)`);
      workbooks.push(file.path);
    }

    const results = app.get(PublicResultsService);
    printTop10(await results.ranking(2023, 'province'));
    console.log(`\nWorkbooks:    ${workbooks.join(', ')}`);
    console.log(`Ranking page: http://localhost:${config.PORT}/rankings/2023/province (after \`npm start\`)`);
    console.log(`Public API:   http://localhost:${config.PORT}/api/v1/public/rankings/2023/province`);
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await app.close();
  }
}
