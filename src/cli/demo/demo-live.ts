import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { CyclePhase } from '../../cycles/cycle-phase';
import type { CycleView } from '../../cycles/cycle.view';
import { CyclesService } from '../../cycles/cycles.service';
import type { Framework } from '../../engine/framework.model';
import { SubmissionsService } from '../../submissions/submissions.service';
import { demoAnswers, seededRandom } from './demo-answers';
import { citeAndSubmit, demoFramework, evidenceRequired, selfAssess } from './demo-cycle';
import { reviewDemoYear } from './demo-review';
import { DEMO_LEVELS, type DemoUnit, type DemoYearPlan } from './demo-unit';
import { cliOutput } from '../output/cli-output';
import { Progress } from './progress';

const DAY = 86_400_000;
/** The open cycle: the provinces' 2024 self-assessment, on the 34 provinces from 1/7/2025 (405/QĐ-BKHCN, pdti-2024). */
export const LIVE_OPEN = { year: 2024, frameworkFile: 'pdti-2024.yaml' };
/**
 * The cycle in review: the provinces' 2020 (1726/QĐ-BTTTT, pdti-2020), the one data year a shipped provincial
 * framework covers and the published years do not. Not the ministries' 2024: mdti-2022 (922) covers 2021–2023 only,
 * and 405's ministry indicators are not in config/frameworks.
 */
export const LIVE_REVIEW = { year: 2020, frameworkFile: 'pdti-2020.yaml' };

/** Where the open cycle's units stand: a quarter submitted, half partly filled, the rest not started. */
export interface OpenCycleWork {
  cycle: CycleView;
  submitted: DemoUnit[];
  partlyFilled: DemoUnit[];
  untouched: DemoUnit[];
}

export interface LiveWork {
  open: OpenCycleWork;
  review: { cycle: CycleView; decided: number; pending: number };
}

/**
 * The split of the open cycle's units, by their place in code order (so the same on every database): every fourth
 * from the fourth submitted (8 of 34), every second from the first partly filled (17, Hà Nội 01 among them), the rest
 * untouched.
 */
export function liveSplit<T extends { code: string }>(units: T[]): { submitted: T[]; partlyFilled: T[]; untouched: T[] } {
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
  return {
    submitted: sorted.filter((_, i) => i % 4 === 3),
    partlyFilled: sorted.filter((_, i) => i % 2 === 0),
    untouched: sorted.filter((_, i) => i % 4 === 1),
  };
}

/** The cycle of a level and year, created on its framework with these participants (default: the level's units on 31/12) and opened. */
async function openCycle(
  app: INestApplicationContext,
  admin: Actor,
  year: number,
  frameworkFile: string,
  participants?: DemoUnit[],
): Promise<{ cycle: CycleView; document: Framework }> {
  const cycles = app.get(CyclesService);
  const level = DEMO_LEVELS.province;
  const { id: frameworkId, document } = await demoFramework(app, admin, frameworkFile);
  let cycle =
    (await cycles.list({ year, level: level.code, series: 'yearly', page: 1, pageSize: 1 })).items[0] ??
    (await cycles.create(admin, {
      year,
      level: level.code,
      frameworkId,
      nameVi: `Đánh giá DTI ${level.nameVi} năm ${year}`,
      nameEn: `${level.nameEn} DTI ${year}`,
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 60 * DAY).toISOString(),
      participants: participants?.map((u) => ({ unitId: u.id, ranked: true })),
    }));
  if (cycle.phase === CyclePhase.Draft) cycle = await cycles.move(admin, cycle.id, { to: CyclePhase.Open, rowVersion: cycle.rowVersion });
  return { cycle, document };
}

/** The 2024 cycle left open: a quarter of the provinces submitted, half with a partly filled form, the rest not started. */
async function openCycleWork(app: INestApplicationContext, admin: Actor, provinces2025: Map<string, DemoUnit>): Promise<OpenCycleWork> {
  const { year, frameworkFile } = LIVE_OPEN;
  const { cycle, document } = await openCycle(app, admin, year, frameworkFile, [...provinces2025.values()]);
  const split = liveSplit([...provinces2025.values()]);
  const out = cliOutput();
  const words = out.words.demo;
  out.detail(
    words.openCycle(words.named(cycle), words.phase[cycle.phase] ?? cycle.phase, out.number(split.submitted.length), out.number(split.partlyFilled.length), out.number(split.untouched.length)),
  );
  if (cycle.phase !== CyclePhase.Open) return { cycle, ...split };

  const submissions = app.get(SubmissionsService);
  const plan = { level: DEMO_LEVELS.province, year };
  const needsEvidence = evidenceRequired(document);
  const units = [...split.submitted, ...split.partlyFilled];
  const progress = new Progress(words.underWay, units.length);
  for (const [i, unit] of units.entries()) {
    const state = await submissions.state(unit.officer, cycle.id, unit.id);
    const answers = demoAnswers(document, unit.code, year);
    if (split.submitted.includes(unit) && state.submission.status !== 'submitted') {
      await submissions.saveAnswers(unit.officer, cycle.id, unit.id, state.submission.version, answers);
      await citeAndSubmit(app, cycle.id, plan, unit, needsEvidence);
    } else if (split.partlyFilled.includes(unit) && Object.keys(state.answers).length === 0) {
      // A third to two thirds of the form, seeded by the unit's code and the year: a draft the officer goes on with.
      const share = 0.3 + 0.4 * seededRandom(`partly:${unit.code}:${year}`)();
      await submissions.saveAnswers(unit.officer, cycle.id, unit.id, state.submission.version, answers.slice(0, Math.ceil(answers.length * share)));
    }
    progress.tick(i + 1);
  }
  return { cycle, ...split };
}

/** The 2020 cycle in review: every province submitted, the reviewers assigned, each with half its units decided. */
async function reviewCycleWork(app: INestApplicationContext, admin: Actor, provinces: Map<string, DemoUnit>, reviewers: Actor[]): Promise<LiveWork['review']> {
  const { year, frameworkFile } = LIVE_REVIEW;
  const cycles = app.get(CyclesService);
  const opened = await openCycle(app, admin, year, frameworkFile);
  const document = opened.document;
  let cycle = opened.cycle;
  const plan: DemoYearPlan = { level: DEMO_LEVELS.province, year, frameworkFile, unitsByCode: provinces, templateUnits: [], reviewers, objectors: [] };
  const units = (await cycles.participants(cycle.id)).filter((p) => provinces.has(p.code)).map((p) => provinces.get(p.code)!);
  const out = cliOutput();
  const words = out.words.demo;
  out.detail(words.reviewCycle(words.named(cycle), words.phase[cycle.phase] ?? cycle.phase, out.number(units.length), `${document.code} ${document.version}`));
  if (cycle.phase === CyclePhase.Open) {
    await selfAssess(app, cycle.id, plan, document, units);
    cycle = await cycles.move(admin, cycle.id, { to: CyclePhase.Review, rowVersion: cycle.rowVersion });
  }
  if (cycle.phase !== CyclePhase.Review) return { cycle, decided: 0, pending: 0 };
  const { decided, pending } = await reviewDemoYear(app, admin, cycle.id, plan, units, { partial: true });
  out.detail(words.reviewUnderWay(out.number(decided), out.number(pending)));
  return { cycle, decided, pending };
}

/**
 * The demo's live part, after the published years: work left for each demo account. An open 2024 provincial cycle
 * (officers have a form to fill or to submit, the administrator a cycle to move) and a 2020 one in review with half
 * of each reviewer's decisions pending. Seeded from codes and years; a second run leaves what is done.
 */
export async function runLiveWork(
  app: INestApplicationContext,
  admin: Actor,
  people: { provinces: Map<string, DemoUnit>; provinces2025: Map<string, DemoUnit>; reviewers: Actor[] },
): Promise<LiveWork> {
  const open = await openCycleWork(app, admin, people.provinces2025);
  const review = await reviewCycleWork(app, admin, people.provinces, people.reviewers);
  return { open, review };
}
