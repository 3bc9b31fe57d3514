import { NestFactory } from '@nestjs/core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { systemActor } from '../../auth/actor';
import { EMBEDDED } from '../../config/app-config';
import { loadConfig } from '../../config/load-config';
import { servedEmbeddedFolder } from '../../database/embedded-entry';
import { ensureDatabase } from '../../database/ensure-database';
import { writeRankingWorkbookToFile, writeScoreCardWorkbookToFile } from '../../exports/export-data';
import { runMigrations } from '../../database/migrate';
import { PublicResultsService } from '../../publications/public-results.service';
import { UnitRegistryLoader } from '../../units/unit-registry.loader';
import { runDemoYear } from '../demo/demo-cycle';
import { DEMO_LEVELS, type DemoLevel, type DemoUnit } from '../demo/demo-unit';
import { DEMO_ADMIN, DEMO_OFFICER_PASSWORD, demoUnits, ensureDemoAdmin, officerEmail2025 } from '../demo/demo-people';
import { printDemoGuide } from '../demo/demo-guide';
import { runLiveWork, type LiveWork } from '../demo/demo-live';
import { cliOutput, type CliOutput } from '../output/cli-output';
import { DEMO_REVIEWER_PASSWORD, demoReviewers } from '../demo/demo-review';
import { DemoModule } from '../demo/demo.module';
import { demoIndex as index, demoRankingTable } from '../demo/demo-ranking-table';
import { demoLaggardsTable, runDemoMonitoring } from '../demo/demo-monitoring';

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

/** What --json gives of the live part: the cycles left at work and which unit is where (codes). */
function demoLiveSummary({ open, review }: LiveWork) {
  const codes = (units: { code: string }[]) => units.map((u) => u.code);
  return {
    open: { cycleId: open.cycle.id, year: open.cycle.year, submitted: codes(open.submitted), partlyFilled: codes(open.partlyFilled), untouched: codes(open.untouched) },
    review: { cycleId: review.cycle.id, year: review.cycle.year, decided: review.decided, pending: review.pending },
  };
}

type Ranking = Awaited<ReturnType<PublicResultsService['ranking']>>;

function printRows(out: CliOutput, rows: Ranking['rows'], unitHeader: string): void {
  for (const line of demoRankingTable(out, rows, unitHeader)) out.say(line);
}

function printTop10(out: CliOutput, ranking: Ranking): void {
  out.say(`\n${out.words.demo.top10(ranking.year, out.number(ranking.version))}`);
  printRows(out, ranking.rows.slice(0, 10), out.words.demo.table.province);
}

/** The ministries' ranking group by group, each by its rank within the group (922 publishes no rank across them). */
async function printByGroup(out: CliOutput, results: PublicResultsService, year: number): Promise<void> {
  const all = await results.ranking(year, 'ministry');
  out.say(`\n${out.words.demo.byGroup(year, out.number(all.version))}`);
  for (const group of all.groups) {
    out.say(`\n  ${out.words.demo.named(group)} (${out.number(group.count)})`);
    printRows(out, (await results.ranking(year, 'ministry', all.version, group.code)).rows, out.words.demo.table.ministry);
  }
}

/**
 * The yearly cycle on the embedded PostgreSQL and queues (or the real ones the settings name), end to end: the provinces' and the ministries' for 2021, 2022
 * and 2023, and the national level's for 2024; then work left for each demo account (the provinces' 2024 cycle open,
 * their 2020 one in review) and, last, where the web app is and what each role may try there.
 */
export async function demoCommand(): Promise<void> {
  const started = Date.now();
  const out = cliOutput();
  const words = out.words.demo;
  const config = loadConfig();
  const folder = servedEmbeddedFolder();
  out.step(
    words.database(
      folder ? words.embeddedDatabase(folder) : config.DATABASE_URL.replace(/\/\/[^@]*@/, '//'),
      config.REDIS_URL === EMBEDDED ? words.inProcessQueues : words.redisQueues(config.REDIS_URL),
    ),
  );
  await ensureDatabase(config.DATABASE_URL);
  out.detail(words.migrations(await runMigrations(config)));

  const app = await NestFactory.createApplicationContext(DemoModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const cli = systemActor('demo');
    out.step(words.registry);
    const report = await app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), cli);
    out.detail(out.words.unitsLoaded(out.number(report.created), out.number(report.updated), out.number(report.unchanged)));

    out.step(words.people);
    const admin = await ensureDemoAdmin(app, cli);
    out.detail(words.administrator(DEMO_ADMIN.email, DEMO_ADMIN.password));
    const provinces = await demoUnits(app, admin, DEMO_LEVELS.province, '2023-12-31');
    const ministries = await demoUnits(app, admin, DEMO_LEVELS.ministry, '2023-12-31');
    const nation = await demoUnits(app, admin, DEMO_LEVELS.national, '2024-12-31');
    const provinces2025 = await demoUnits(app, admin, DEMO_LEVELS.province, '2025-07-01', officerEmail2025);
    out.detail(words.officers(DEMO_OFFICER_PASSWORD));
    const reviewers = await demoReviewers(app, admin, provinces);
    out.detail(words.reviewers(String(reviewers.length).padStart(2, '0'), DEMO_REVIEWER_PASSWORD));

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
        out.step(words.year(year, words.level[run.level.code]));
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
        out.detail(words.workbook(run.units.size === 1, file.path, out.number(Math.round(file.sizeBytes / 1024))));
        workbooks.push(file.path);
      }
    }

    const results = app.get(PublicResultsService);
    printTop10(out, await results.ranking(2023, 'province'));
    await printByGroup(out, results, 2023);
    for (const year of NATIONAL_YEARS) {
      const card = await results.nationalCard(year);
      const parts = card.parts.filter((p) => p.kind === 'group').map((p) => `${words.named(p)} ${index(out, p.value)}`);
      out.say(`\n${words.national(year, out.number(card.version), words.named(card.unit), index(out, card.index), parts.join(', '))}`);
    }
    out.say(`\n${words.workbooks(workbooks.join(', '))}`);
    out.say(words.rankingPage(config.PORT));
    out.say(words.publicApi(config.PORT));

    out.step(words.monitoring);
    const monitoring = await runDemoMonitoring(app, admin);
    for (const month of monitoring.laggards) {
      const level = words.level[month.level as 'province' | 'ministry'];
      if (month.units.length === 0) {
        out.say(`\n${words.laggardsNone(level, month.month)}`);
        continue;
      }
      out.say(`\n${words.laggards(level, month.month, out.number(month.units.length), out.number(month.of))}`);
      for (const line of demoLaggardsTable(out, month.units)) out.say(line);
    }
    out.say(`\n${words.monitoringPage(config.PORT)}`);

    out.step(words.live);
    const live = await runLiveWork(app, admin, { provinces, provinces2025, reviewers });
    const seconds = (Date.now() - started) / 1000;
    out.say(`\n${words.done(out.number(seconds, 1))}`);
    printDemoGuide(out, config.PORT, live, reviewers.length);
    out.document({
      ok: true,
      workbooks,
      live: demoLiveSummary(live),
      monitoring: { published: monitoring.published, laggards: monitoring.laggards.map((m) => ({ level: m.level, month: m.month, behind: m.units.map((u) => u.unitCode), of: m.of })) },
      seconds: Number(seconds.toFixed(1)),
    });
  } finally {
    await app.close();
  }
}
