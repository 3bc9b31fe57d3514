import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import type { Actor } from '../../auth/actor';
import { createApp } from '../../bootstrap';
import { CyclePhase } from '../../cycles/cycle-phase';
import type { CycleView } from '../../cycles/cycle.view';
import { CyclesService } from '../../cycles/cycles.service';
import type { UnitMonth } from '../../monitoring/month-distances';
import { TargetsService } from '../../monitoring/targets.service';
import { PublicationsService } from '../../publications/publications.service';
import { allQueues, waitForQueuesToDrain } from '../../queue/wait-for-queues';
import { ScoringService } from '../../scoring/scoring.service';
import { ServiceAccountsService } from '../../users/service-accounts.service';
import { cliOutput } from '../output/cli-output';
import { demoFramework } from './demo-cycle';
import { arrivesLate, demoOnlineServices } from './demo-monitoring-values';

/** The notice's monthly statistic, per level: its framework file and series (the framework's code). */
const SERIES = [
  { level: 'province', file: 'online-services-rate.yaml', code: 'DVCTT' },
  { level: 'ministry', file: 'online-services-rate-ministry.yaml', code: 'DVCTT-BO' },
] as const;
const FROM = '2020-01';
const TO = '2023-12';
const FEED_ACCOUNT = { email: 'he-thong.dvcqg@demo.dti.vn', fullName: 'Cổng Dịch vụ công quốc gia (demo)' };
/** The one month a national system corrects after it was published: an erratum, published as version 2. */
const ERRATUM = { level: 'province', month: '2023-06', unit: '79', reason: 'Cổng Dịch vụ công quốc gia đính chính số dịch vụ trực tuyến của TP. Hồ Chí Minh' } as const;
const LEAF = 'DVC4';

export interface DemoMonitoring {
  published: number;
  latest: string;
  laggards: { level: string; month: string; units: UnitMonth[]; of: number }[];
}

const label = (c: CycleView) => c.periodLabel;

/**
 * Monthly monitoring (issue #21, point 7): the rate of full online public services of the provinces and ministries,
 * 2020-01 to 2023-12, pushed month by month through the feed API (PUT /api/v1/feeds/...) by a service account with
 * its API key, as the national public service portal would, a few units late in a second push; each month closed,
 * scored and published; one month corrected after publication (version 2). Runs the HTTP API on a loopback port of
 * its own for the pushes. Again on data that has it: months already published are left as they are.
 */
export async function runDemoMonitoring(app: INestApplicationContext, admin: Actor): Promise<DemoMonitoring> {
  const out = cliOutput();
  const words = out.words.demo;
  const cycles = app.get(CyclesService);
  const series: { level: string; code: string; months: CycleView[] }[] = [];
  for (const s of SERIES) {
    const { id: frameworkId, document } = await demoFramework(app, admin, s.file);
    let months = (await cycles.list({ series: s.code, level: s.level, page: 1, pageSize: 200 } as never)).items.reverse();
    if (months.length === 0) months = await cycles.createSeries(admin, { frameworkId, level: s.level, from: FROM, to: TO });
    out.detail(words.monitoringSeries(words.named({ nameVi: document.name.vi, nameEn: document.name.en }), FROM, TO, out.number(months.length)));
    series.push({ level: s.level, code: s.code, months });
  }

  const key = await feedKey(app, admin, series.map((s) => s.code));
  const api = await quietApi();
  await api.listen(0, '127.0.0.1');
  try {
    const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}/api/v1/feeds`;
    const push = async (code: string, level: string, month: string, values: object[]) => {
      const res = await fetch(`${base}/${code}/${level}/${month}`, {
        method: 'PUT',
        headers: { Authorization: `ApiKey ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ values }),
      });
      if (!res.ok) throw new Error(`feed push ${code} ${level} ${month}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { written: number; unchanged: number; erratum: boolean };
    };

    let pushes = 0;
    let late = 0;
    for (const s of series) {
      for (const cycle of s.months.filter((c) => c.phase === CyclePhase.Open)) {
        const units = await cycles.participants(cycle.id);
        const row = (code: string) => ({ unit: code, indicator: LEAF, inputs: demoOnlineServices(code, s.level as 'province' | 'ministry', cycle.year, cycle.periodIndex!) });
        const onTime = units.filter((u) => !arrivesLate(u.code, cycle.year, cycle.periodIndex!)).map((u) => row(u.code));
        const later = units.filter((u) => arrivesLate(u.code, cycle.year, cycle.periodIndex!)).map((u) => row(u.code));
        await push(s.code, s.level, label(cycle), onTime);
        pushes++;
        if (later.length) {
          await push(s.code, s.level, label(cycle), later);
          pushes++;
          late += later.length;
        }
      }
    }
    out.detail(words.monitoringFed(out.number(pushes), out.number(late)));

    // Every month closed and asked to be scored, then published in order (each compares with the month before).
    const scoring = app.get(ScoringService);
    const publications = app.get(PublicationsService);
    const runs = new Map<string, string>();
    for (const s of series) {
      for (const cycle of s.months) {
        if (cycle.phase === CyclePhase.Published) continue;
        const current = await cycles.get(cycle.id);
        if (current.phase === CyclePhase.Open) await cycles.move(admin, cycle.id, { to: CyclePhase.Scoring, rowVersion: current.rowVersion });
        runs.set(cycle.id, (await scoring.requestRun(admin, cycle.id)).run.id);
      }
    }
    await waitForQueuesToDrain(allQueues(app), 10 * 60_000);
    let published = 0;
    for (const s of series) {
      for (const cycle of s.months) {
        const runId = runs.get(cycle.id);
        if (!runId) continue;
        const run = await scoring.getRun(runId);
        if (run.status !== 'succeeded') throw new Error(`the ${s.code} ${label(cycle)} score run ${run.status}: ${run.error}`);
        await publications.publish(admin, cycle.id, runId);
        published++;
      }
    }
    out.detail(words.monitoringPublished(out.number(published)));

    // A national system corrects a published month: the feed takes it as an erratum, published as version 2.
    const corrected = series.find((s) => s.level === ERRATUM.level)!;
    const month = corrected.months.find((c) => label(c) === ERRATUM.month)!;
    if ((await publications.list(month.id)).length === 1) {
      const wrong = demoOnlineServices(ERRATUM.unit, ERRATUM.level, month.year, month.periodIndex!);
      const right = { ...wrong, online: Math.min(wrong.total, wrong.online + Math.round(wrong.total * 0.08)) };
      const erratum = await push(corrected.code, ERRATUM.level, ERRATUM.month, [{ unit: ERRATUM.unit, indicator: LEAF, inputs: right }]);
      const { run } = await scoring.requestRun(admin, month.id);
      await waitForQueuesToDrain(allQueues(app), 10 * 60_000);
      const v2 = await publications.correct(admin, month.id, run.id, ERRATUM.reason);
      out.detail(words.monitoringErratum(corrected.code, ERRATUM.month, ERRATUM.unit, erratum.erratum, out.number(v2.version)));
    }
  } finally {
    await api.close();
  }

  const targets = app.get(TargetsService);
  const laggards: DemoMonitoring['laggards'] = [];
  for (const s of series) {
    const latest = label(s.months.at(-1)!);
    const month = await targets.month(s.code, s.level, latest);
    laggards.push({ level: s.level, month: latest, units: month.laggards, of: month.units.length });
  }
  return { published: series.reduce((n, s) => n + s.months.length, 0), latest: TO, laggards };
}

/**
 * The HTTP API for the feed's pushes, logging warnings only: its log of every request would bury the demo's lines.
 * (The settings are read as the app is made, from the environment.)
 */
async function quietApi(): Promise<Awaited<ReturnType<typeof createApp>>> {
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'warn';
  try {
    const api = await createApp();
    // Nest's own lines too (its "successfully started", through the demo's pino at its level): errors and warnings only.
    const logger = api.get(Logger);
    const drop = () => undefined;
    api.useLogger({ log: drop, debug: drop, verbose: drop, warn: (...a: unknown[]) => logger.warn(...(a as [string])), error: (...a: unknown[]) => logger.error(...(a as [string])) });
    return api;
  } finally {
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
  }
}

/** A new API key of the demo's national system account (made on the first run; a key is shown once, so a rerun issues another). */
async function feedKey(app: INestApplicationContext, admin: Actor, scopes: string[]): Promise<string> {
  const accounts = app.get(ServiceAccountsService);
  const existing = (await accounts.list({ page: 1, pageSize: 100 } as never)).items.find((a) => a.email === FEED_ACCOUNT.email);
  const issued = existing ? await accounts.issueKey(admin, existing.id, scopes) : await accounts.create(admin, { ...FEED_ACCOUNT, scopes });
  return issued.secret;
}

/** The furthest behind of a month's laggards, at most `limit`, as the demo prints them: code, unit, rate, trajectory, distance. */
export function demoLaggardsTable(out: ReturnType<typeof cliOutput>, units: UnitMonth[], limit = 10): string[] {
  const { laggardsTable: head, named } = out.words.demo;
  const cells = units.slice(0, limit).map((u) => {
    const leaf = u.indicators.find((i) => i.indicator === LEAF) ?? u.indicators[0];
    const n = (x: number | null | undefined) => (x === null || x === undefined ? '-' : out.number(x, 2));
    return [u.unitCode, named({ nameVi: u.unitName, nameEn: u.unitNameEn }), n(leaf?.value), n(leaf?.trajectory), n(leaf?.distance)];
  });
  const headers = [head.code, head.unit, head.value, head.trajectory, head.distance];
  const widths = headers.map((h, column) => Math.max(h.length, ...cells.map((c) => c[column].length)));
  const line = (c: string[]) => `  ${c.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(headers), ...cells.map(line)];
}
