import { NestFactory } from '@nestjs/core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { systemActor } from '../../auth/actor';
import { loadConfig } from '../../config/load-config';
import { ensureDatabase } from '../../database/ensure-database';
import { writeRankingWorkbookToFile, writeScoreCardWorkbookToFile } from '../../exports/export-data';
import { runMigrations } from '../../database/migrate';
import { PublicResultsService } from '../../publications/public-results.service';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { runDemoYear } from '../demo/demo-cycle';
import { DEMO_LEVELS, type DemoLevel, type DemoUnit } from '../demo/demo-unit';
import { DEMO_ADMIN, DEMO_OFFICER_PASSWORD, demoUnits, ensureDemoAdmin, officerEmail2025 } from '../demo/demo-people';
import { printDemoGuide } from '../demo/demo-guide';
import { runLiveWork } from '../demo/demo-live';
import { cliOutput } from '../output/cli-output';
import { DEMO_REVIEWER_PASSWORD, demoReviewers } from '../demo/demo-review';
import { DemoModule } from '../demo/demo.module';
import { detail, step } from '../demo/progress';

/** The provincial DTI's data years, each on its own year's framework (pdti-<year>.yaml). */
const PROVINCE_YEARS = [2021, 2022, 2023];
/** The ministries' data years: mdti-2022.yaml (922/QĐ-BTTTT, Phụ lục 2) covers 2021–2023. */
const MINISTRY_YEARS = [2021, 2022, 2023];
/** The national level's: ndti-2024.yaml (405/QĐ-BKHCN) covers 2024. */
const NATIONAL_YEARS = [2024];
/** The year the officers of these units fill their self-assessment through the Excel template round trip. */
const TEMPLATE_YEAR = 2022;
const TEMPLATE_PROVINCES = ['01', '31', '48', '79', '92'];
/** One ministry of each ranking group. */
const TEMPLATE_MINISTRIES = ['BTC', 'VTV'];
/** The year of the objections: two provinces' (one accepted, one rejected) and one ministry's (accepted). */
const OBJECTION_YEAR = 2022;
const PROVINCE_OBJECTORS = ['92', '31'];
const MINISTRY_OBJECTORS = ['BHXH'];

/** A level's years in the demo: its frameworks and units, and who goes through the template or objects. */
interface DemoLevelRun {
  level: DemoLevel;
  years: number[];
  frameworkFile: (year: number) => string;
  units: Map<string, DemoUnit>;
  templateUnits: string[];
  objectors: string[];
}

/** An index with a decimal comma, as Vietnamese writes it: 0,9280. */
const indexVi = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : value.toLocaleString('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

type Ranking = Awaited<ReturnType<PublicResultsService['ranking']>>;

/** A ranking's rows as a table: rank, code, unit, index, last year's rank and the change. */
function printRows(rows: Ranking['rows'], unitHeader: string): void {
  const width = Math.max(unitHeader.length, ...rows.map((r) => r.nameVi.length));
  const codeWidth = Math.max(2, ...rows.map((r) => r.code.length));
  console.log(`  Hạng  ${'Mã'.padEnd(codeWidth)}  ${unitHeader.padEnd(width)}  Chỉ số   Năm trước  Thay đổi hạng`);
  for (const row of rows) {
    const change = row.previous?.rankChange;
    const arrow = change === null || change === undefined ? '' : change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=';
    console.log(
      `  ${String(row.rank ?? '-').padStart(4)}  ${row.code.padEnd(codeWidth)}  ${row.nameVi.padEnd(width)}  ${indexVi(row.index)}   ${row.previous?.rank ? `hạng ${row.previous.rank}`.padEnd(9) : '-'.padEnd(9)}  ${arrow}`,
    );
  }
}

function printTop10(ranking: Ranking): void {
  console.log(`\nDTI ${ranking.year} — cấp tỉnh (phiên bản ${ranking.version}): 10 địa phương dẫn đầu`);
  printRows(ranking.rows.slice(0, 10), 'Địa phương');
}

/** The ministries' ranking group by group, each by its rank within the group (922 publishes no rank across them). */
async function printByGroup(results: PublicResultsService, year: number): Promise<void> {
  const all = await results.ranking(year, 'ministry');
  console.log(`\nDTI ${year} — cấp bộ (phiên bản ${all.version}): xếp hạng theo nhóm`);
  for (const group of all.groups) {
    console.log(`\n  ${group.nameVi} (${group.count})`);
    printRows((await results.ranking(year, 'ministry', all.version, group.code)).rows, 'Bộ, ngành');
  }
}

/**
 * The yearly cycle on the local PostgreSQL and Redis, end to end: the provinces' and the ministries' for 2021, 2022
 * and 2023, and the national level's for 2024; then work left for each demo account (the provinces' 2024 cycle open,
 * their 2020 one in review) and, last, where the web app is and what each role may try there.
 */
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
    const admin = await ensureDemoAdmin(app, cli);
    detail(`administrator ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
    const provinces = await demoUnits(app, admin, DEMO_LEVELS.province, '2023-12-31');
    const ministries = await demoUnits(app, admin, DEMO_LEVELS.ministry, '2023-12-31');
    const nation = await demoUnits(app, admin, DEMO_LEVELS.national, '2024-12-31');
    const provinces2025 = await demoUnits(app, admin, DEMO_LEVELS.province, '2025-07-01', officerEmail2025);
    detail(`officers can-bo.<code>@demo.dti.vn / ${DEMO_OFFICER_PASSWORD} (e.g. can-bo.48@demo.dti.vn for Đà Nẵng, can-bo.btc@demo.dti.vn for Bộ Tài chính, can-bo.vn@demo.dti.vn for Việt Nam)`);
    const reviewers = await demoReviewers(app, admin, provinces);
    detail(`reviewers tham-dinh.01..${String(reviewers.length).padStart(2, '0')}@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD} (01, 79 and 48 are the first three's own provinces)`);

    mkdirSync(config.OUT_DIR, { recursive: true });
    const db = app.get(DataSource);
    const levels: DemoLevelRun[] = [
      { level: DEMO_LEVELS.province, years: PROVINCE_YEARS, frameworkFile: (y) => `pdti-${y}.yaml`, units: provinces, templateUnits: TEMPLATE_PROVINCES, objectors: PROVINCE_OBJECTORS },
      { level: DEMO_LEVELS.ministry, years: MINISTRY_YEARS, frameworkFile: () => 'mdti-2022.yaml', units: ministries, templateUnits: TEMPLATE_MINISTRIES, objectors: MINISTRY_OBJECTORS },
      { level: DEMO_LEVELS.national, years: NATIONAL_YEARS, frameworkFile: () => 'ndti-2024.yaml', units: nation, templateUnits: [], objectors: [] },
    ];
    const workbooks: string[] = [];
    for (const run of levels) {
      for (const year of run.years) {
        step(`DTI ${year} ${run.level.nameVi}: open, self-assess, import, submit, review, score, publish`);
        const publication = await runDemoYear(app, admin, {
          level: run.level,
          year,
          frameworkFile: run.frameworkFile(year),
          unitsByCode: run.units,
          templateUnits: year === TEMPLATE_YEAR ? run.templateUnits : [],
          reviewers,
          objectors: year === OBJECTION_YEAR ? run.objectors : [],
        });
        const path = join(config.OUT_DIR, `dti-${year}-${run.level.code}.xlsx`);
        // One unit (the nation) is published as its score card, not a ranking of one.
        const file =
          run.units.size === 1
            ? await writeScoreCardWorkbookToFile(db, publication.id, [...run.units.keys()][0], path)
            : await writeRankingWorkbookToFile(db, publication.id, path);
        detail(`${run.units.size === 1 ? 'score card' : 'ranking workbook'} ${file.path} (${(file.sizeBytes / 1024).toFixed(0)} KiB)`);
        workbooks.push(file.path);
      }
    }

    const results = app.get(PublicResultsService);
    printTop10(await results.ranking(2023, 'province'));
    await printByGroup(results, 2023);
    for (const year of NATIONAL_YEARS) {
      const card = await results.nationalCard(year);
      const parts = card.parts.filter((p) => p.kind === 'group').map((p) => `${p.nameVi} ${indexVi(p.value)}`);
      console.log(`\nDTI ${year} — cấp quốc gia (phiên bản ${card.version}): ${card.unit.nameVi}, chỉ số ${indexVi(card.index)} (${parts.join(', ')})`);
    }
    console.log(`\nWorkbooks:    ${workbooks.join(', ')}`);
    console.log(`Ranking page: http://localhost:${config.PORT}/rankings/2023/province, …/2023/ministry, …/2024/national (after \`npm start\`)`);
    console.log(`Public API:   http://localhost:${config.PORT}/api/v1/public/rankings/2023/province, …/2023/ministry, …/2024/national/card`);

    step('live work: the 2024 provincial cycle open, the 2020 one in review');
    const live = await runLiveWork(app, admin, { provinces, provinces2025, reviewers });
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    printDemoGuide(cliOutput(), config.PORT, live, reviewers.length);
  } finally {
    await app.close();
  }
}
