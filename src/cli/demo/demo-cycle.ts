import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../auth/actor';
import { readWorkbookSafely } from '../../workbooks/safe-workbook';
import { CyclePhase } from '../../cycles/cycle-phase';
import { CyclesService } from '../../cycles/cycles.service';
import type { Framework } from '../../engine/framework.model';
import { frameworkLeaves } from '../../frameworks/framework-tree';
import { FrameworksService } from '../../frameworks/frameworks.service';
import type { PublicationView } from '../../publications/publication.view';
import { PublicationsService } from '../../publications/publications.service';
import { allQueues, waitForQueuesToDrain } from '../../queue/wait-for-queues';
import { ScoringService } from '../../scoring/scoring.service';
import { answeredByUnit } from '../../submissions/answer-check';
import { EvidenceService } from '../../submissions/evidence.service';
import { ImportsService } from '../../submissions/imports/imports.service';
import { SubmissionsService } from '../../submissions/submissions.service';
import { TemplateService } from '../../submissions/template/template.service';
import { demoAnswers, demoSystemValues } from './demo-answers';
import { reviewDemoYear } from './demo-review';
import type { DemoUnit, DemoYearPlan } from './demo-unit';
import { fillTemplate } from './fill-template';
import { cliOutput } from '../output/cli-output';
import { Progress } from './progress';

const DAY = 86_400_000;

async function drain(app: INestApplicationContext): Promise<void> {
  await waitForQueuesToDrain(allQueues(app), 10 * 60_000);
}

/** The framework version of a shipped file, imported once. */
export async function demoFramework(app: INestApplicationContext, admin: Actor, file: string): Promise<{ id: string; document: Framework }> {
  const frameworks = app.get(FrameworksService);
  const text = readFileSync(join(process.cwd(), 'config', 'frameworks', file), 'utf8');
  const parsed = await frameworks.validate({ text, fileName: file });
  const existing = (await frameworks.list({ code: parsed.code, page: 1, pageSize: 100 })).items.find((f) => f.version === parsed.version);
  const row = existing ? await frameworks.get(existing.id) : await frameworks.import(admin, { text, fileName: file });
  return { id: row.id, document: row.document };
}

/**
 * One year of a level's DTI, start to publication: the cycle opened on the year's framework, every unit's
 * self-assessment (a few through the Excel template, the rest through the API), the values of national systems
 * imported from a file, evidence cited, submitted, reviewed by the experts (reviewers given), scored on the queue and
 * published.
 */
export async function runDemoYear(app: INestApplicationContext, admin: Actor, plan: DemoYearPlan): Promise<PublicationView> {
  const { level, year, unitsByCode } = plan;
  const out = cliOutput();
  const cycles = app.get(CyclesService);
  const { id: frameworkId, document } = await demoFramework(app, admin, plan.frameworkFile);
  const found = (await cycles.list({ year, level: level.code, page: 1, pageSize: 1 })).items[0];
  let cycle =
    found ??
    (await cycles.create(admin, {
      year,
      level: level.code,
      frameworkId,
      nameVi: `Đánh giá DTI ${level.nameVi} năm ${year}`,
      nameEn: `${level.nameEn} DTI ${year}`,
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 60 * DAY).toISOString(),
    }));
  if (cycle.phase === CyclePhase.Published) {
    out.detail(out.words.demo.alreadyPublished(year, out.words.demo.level[level.code]));
    return (await app.get(PublicationsService).list(cycle.id)).at(-1)!;
  }
  const participants = (await cycles.participants(cycle.id)).filter((p) => unitsByCode.has(p.code));
  out.detail(out.words.demo.cycle(out.words.demo.named(cycle), out.number(participants.length), out.words.demo.units[level.code], `${document.code} ${document.version}`));
  if (cycle.phase === CyclePhase.Draft) cycle = await cycles.move(admin, cycle.id, { to: CyclePhase.Open, rowVersion: cycle.rowVersion });

  if (cycle.phase === CyclePhase.Open) {
    await selfAssess(app, cycle.id, plan, document, participants.map((p) => unitsByCode.get(p.code)!));
    await importSystemValues(app, admin, cycle.id, year, document, participants.map((p) => p.code));
    cycle = await cycles.move(admin, cycle.id, { to: CyclePhase.Review, rowVersion: cycle.rowVersion });
  }
  if (cycle.phase === CyclePhase.Review) {
    if (plan.reviewers.length) await reviewDemoYear(app, admin, cycle.id, plan, participants.map((p) => unitsByCode.get(p.code)!));
    cycle = await cycles.move(admin, cycle.id, { to: CyclePhase.Scoring, rowVersion: cycle.rowVersion });
  }

  const scoring = app.get(ScoringService);
  const { run } = await scoring.requestRun(admin, cycle.id);
  await drain(app);
  const done = await scoring.getRun(run.id);
  if (done.status !== 'succeeded') throw new Error(`the ${year} ${level.code} score run ${done.status}: ${done.error}`);
  out.detail(out.words.demo.scoreRun(done.id.slice(0, 8), out.number(done.unitCount), out.number(done.durationMs ?? 0), done.resultsHash?.slice(0, 12) ?? '-'));
  const publication = await app.get(PublicationsService).publish(admin, cycle.id, run.id);
  out.detail(out.words.demo.published(out.number(publication.version), publication.sha256.slice(0, 16)));
  return publication;
}

export async function selfAssess(app: INestApplicationContext, cycleId: string, plan: DemoYearPlan, framework: Framework, units: DemoUnit[]): Promise<void> {
  const { year } = plan;
  const submissions = app.get(SubmissionsService);
  const needsEvidence = evidenceRequired(framework);
  const progress = new Progress(cliOutput().words.demo.selfAssessments, units.length);
  let done = 0;
  for (const unit of units) {
    const state = await submissions.state(unit.officer, cycleId, unit.id);
    if (state.submission.status === 'submitted') {
      progress.tick(++done);
      continue;
    }
    const answers = demoAnswers(framework, unit.code, year);
    if (plan.templateUnits.includes(unit.code)) {
      await throughTemplate(app, unit, cycleId, framework, answers);
      // The hand-scored leaves' own points are typed in the form, not the template.
      const points = answers.filter((a) => a.selfPoints !== undefined).map((a) => ({ indicatorCode: a.indicatorCode, value: a.value, selfPoints: a.selfPoints }));
      const now = await submissions.state(unit.officer, cycleId, unit.id);
      await submissions.saveAnswers(unit.officer, cycleId, unit.id, now.submission.version, points);
    } else {
      await submissions.saveAnswers(unit.officer, cycleId, unit.id, state.submission.version, answers);
    }
    await citeAndSubmit(app, cycleId, plan, unit, needsEvidence);
    progress.tick(++done);
  }
}

/** The leaves a unit answers whose evidence is required. */
export const evidenceRequired = (framework: Framework): string[] =>
  frameworkLeaves(framework)
    .filter(({ node }) => answeredByUnit(node) && node.evidence === 'required')
    .map(({ node }) => node.code);

/** The unit's plan cited as the evidence of each leaf that requires it, then the self-assessment submitted. */
export async function citeAndSubmit(
  app: INestApplicationContext,
  cycleId: string,
  { level, year }: Pick<DemoYearPlan, 'level' | 'year'>,
  unit: DemoUnit,
  needsEvidence: string[],
): Promise<void> {
  const submissions = app.get(SubmissionsService);
  const evidence = app.get(EvidenceService);
  let version = (await submissions.state(unit.officer, cycleId, unit.id)).submission.version;
  for (const code of needsEvidence) {
    await evidence.addReference(unit.officer, cycleId, unit.id, version++, {
      indicatorCode: code,
      kind: 'citation',
      documentNumber: level.documentNumber(unit),
      documentTitle: `Kế hoạch chuyển đổi số năm ${year} của ${unit.nameVi}`,
      issuedOn: `${year}-03-15`,
      summary: `Minh chứng cho chỉ tiêu ${code}`,
    });
  }
  await submissions.submit(unit.officer, cycleId, unit.id, version);
}

async function throughTemplate(
  app: INestApplicationContext,
  unit: DemoUnit,
  cycleId: string,
  framework: Framework,
  answers: ReturnType<typeof demoAnswers>,
): Promise<void> {
  const file = await app.get(TemplateService).download(unit.officer, cycleId, unit.id);
  const workbook = await readWorkbookSafely(file.content);
  fillTemplate(workbook, framework, Object.fromEntries(answers.map((a) => [a.indicatorCode, a.value as never])));
  const content = Buffer.from(await (workbook as ExcelJS.Workbook).xlsx.writeBuffer());
  const imports = app.get(ImportsService);
  const job = await imports.create(unit.officer, { kind: 'template', cycleId, unitId: unit.id, dryRun: false, fileName: file.fileName, content });
  await drain(app);
  const result = await imports.get(unit.officer, job.id);
  if (result.status !== 'succeeded') {
    throw new Error(`the template of ${unit.code} was ${result.status}: ${JSON.stringify(result.report?.problems.slice(0, 3) ?? result.error)}`);
  }
}

async function importSystemValues(
  app: INestApplicationContext,
  admin: Actor,
  cycleId: string,
  year: number,
  framework: Framework,
  codes: string[],
): Promise<void> {
  const rows = codes.flatMap((code) =>
    demoSystemValues(framework, code, year).map((v) =>
      v.value !== null && typeof v.value === 'object' ? { unit: code, indicator: v.indicatorCode, ...v.value } : { unit: code, indicator: v.indicatorCode, value: v.value },
    ),
  );
  if (rows.length === 0) return;
  const imports = app.get(ImportsService);
  const job = await imports.create(admin, {
    kind: 'system_values',
    cycleId,
    unitId: null,
    dryRun: false,
    fileName: `cong-dich-vu-cong-${year}.json`,
    content: Buffer.from(JSON.stringify(rows)),
  });
  await drain(app);
  const result = await imports.get(admin, job.id);
  if (result.status !== 'succeeded') {
    throw new Error(`the system values import was ${result.status}: ${JSON.stringify(result.report?.problems.slice(0, 3) ?? result.error)}`);
  }
  const out = cliOutput();
  out.detail(out.words.demo.systemValues(out.number(result.report?.applied ?? 0), out.number(rows.length)));
}
