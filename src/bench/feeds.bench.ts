import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { FEED_MAX_ROWS } from '../monitoring/dto/feed-push.dto';
import { copySystemValueRows, type SystemValueCopyRow } from '../submissions/system-value-copy.queries';
import { ServiceAccountsService } from '../users/service-accounts.service';
import type { BenchFixture } from './bench-fixture';
import type { BenchFigure } from './bench-figure';
import { freePort, startApp } from './http.bench';

/**
 * A month of a national system's feed at commune scale (issue #21): the bench's 10,000 communes × a monthly framework
 * of 20 system-measured leaves (16 percents, 4 counts online/total), 200,000 values pushed through the real app
 * (dist/src/main.js in a child process: the guard's API key check, validation, the feed's checks against the month's
 * participants and framework, the upsert, the batch row and its audit entry) with PUT /api/v1/feeds/…, in requests
 * of FEED_MAX_ROWS rows one after the other, as one national system sends a month. Then the same month pushed
 * again (every value unchanged: what a system that resends its month costs).
 *
 * The floor: the same 200,000 rows COPY'd into system_values (another month's cycle of the series) in one
 * transaction, in this process.
 */

const INDICATORS = 20;
const COUNT_LEAVES = 4;
const SERIES = 'BENCH-FEED';
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const leafCode = (j: number) => `F${String(j + 1).padStart(2, '0')}`;
const isCount = (j: number) => j >= INDICATORS - COUNT_LEAVES;

/** The monthly framework: 20 leaves of 5 points, every one `source: system`. */
function feedFramework(): object {
  return {
    code: SERIES,
    version: '1',
    level: 'commune',
    year: 2025,
    period: 'month',
    name: { vi: 'Theo dõi hằng tháng cấp xã (benchmark)', en: 'Monthly commune monitoring (benchmark)' },
    source: 'Khung đo hiệu năng, không phải số liệu thật.',
    result: { scale: 100, precision: 2 },
    aggregation: 'points',
    maxPoints: 100,
    missing: 'zero',
    nodes: Array.from({ length: INDICATORS }, (_, j) => ({
      code: leafCode(j),
      name: { vi: `Chỉ tiêu hệ thống ${j + 1}`, en: `System indicator ${j + 1}` },
      maxPoints: 5,
      ...(isCount(j)
        ? { input: { type: 'numbers', names: ['online', 'total'] }, scoring: { rule: 'formula', expression: 'total > 0 ? min(1, online / total) * maxPoints : 0' } }
        : { input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } }),
      source: 'system',
      evidence: 'none',
    })),
  };
}

/** Unit i's value of leaf j: a percent with one decimal, or counts out of 200 (deterministic). */
function valueOf(i: number, j: number): { value?: number; inputs?: { online: number; total: number } } {
  return isCount(j) ? { inputs: { online: (i * 7 + j * 3) % 201, total: 200 } } : { value: ((i * 31 + j * 17) % 1001) / 10 };
}

export async function benchFeeds(fixture: BenchFixture): Promise<BenchFigure[]> {
  const units = fixture.units;
  const frameworks = fixture.app.get(FrameworksService);
  const framework = await frameworks.import(fixture.admin, { text: JSON.stringify(feedFramework()), fileName: 'bench-feed.json' });
  const months = await fixture.time('feed months', () =>
    fixture.app.get(CyclesService).createSeries(fixture.admin, { frameworkId: framework.id, level: 'commune', from: '2025-01', to: '2025-02' }),
  );
  const issued = await fixture.app.get(ServiceAccountsService).create(fixture.admin, { email: 'he-thong@bench.dti.vn', fullName: 'Hệ thống quốc gia (benchmark)', scopes: [SERIES] });

  // The month as a national system sends it: FEED_MAX_ROWS rows a request, the units in order.
  const rows = units.flatMap((u, i) => Array.from({ length: INDICATORS }, (_, j) => ({ unit: u.code, indicator: leafCode(j), ...valueOf(i, j) })));
  const bodies: string[] = [];
  for (let k = 0; k < rows.length; k += FEED_MAX_ROWS) bodies.push(JSON.stringify({ values: rows.slice(k, k + FEED_MAX_ROWS) }));

  const port = await freePort();
  const app = await startApp(port);
  try {
    const url = `http://127.0.0.1:${port}/api/v1/feeds/${SERIES}/commune/2025-01`;
    const pushMonth = async (): Promise<{ seconds: number; requestMs: number[]; written: number; unchanged: number }> => {
      const requestMs: number[] = [];
      let written = 0;
      let unchanged = 0;
      const t0 = process.hrtime.bigint();
      for (const body of bodies) {
        const r0 = process.hrtime.bigint();
        const res = await fetch(url, { method: 'PUT', headers: { authorization: `ApiKey ${issued.secret}`, 'content-type': 'application/json' }, body });
        const text = await res.text();
        requestMs.push(Number(process.hrtime.bigint() - r0) / 1e6);
        if (res.status !== 200) throw new Error(`PUT ${url}: ${res.status} ${text.slice(0, 500)}`);
        const answer = JSON.parse(text) as { written: number; unchanged: number };
        written += answer.written;
        unchanged += answer.unchanged;
      }
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, requestMs, written, unchanged };
    };
    const first = await pushMonth();
    if (first.written !== rows.length) throw new Error(`the first push wrote ${first.written} of ${rows.length} values`);
    const again = await pushMonth();
    if (again.unchanged !== rows.length) throw new Error(`the push repeated found ${again.unchanged} of ${rows.length} values unchanged`);

    // The floor: the same values COPY'd into the series' next month, in one transaction.
    const copyRowsOf = function* (): Generator<SystemValueCopyRow> {
      for (const [i, u] of units.entries()) {
        for (let j = 0; j < INDICATORS; j++) {
          const v = valueOf(i, j);
          yield { unitId: u.id, indicatorCode: leafCode(j), value: JSON.stringify(v.inputs ?? v.value) };
        }
      }
    };
    const c0 = process.hrtime.bigint();
    await fixture.db.transaction((manager) => copySystemValueRows(manager, months[1].id, 'feed', randomUUID(), new Date(), copyRowsOf()));
    const copySeconds = Number(process.hrtime.bigint() - c0) / 1e9;

    const params = { units: units.length, indicators: INDICATORS, rows: FEED_MAX_ROWS };
    return [
      { key: 'feeds.push', params, value: round(first.seconds, 2), unit: 's', floor: round(copySeconds, 2), ratio: round(first.seconds / copySeconds, 1) },
      { key: 'feeds.request', params, value: round(median(first.requestMs), 0), unit: 'ms', floor: round((copySeconds * 1000) / bodies.length, 0), ratio: round(median(first.requestMs) / ((copySeconds * 1000) / bodies.length), 1) },
      { key: 'feeds.requestMax', value: round(Math.max(...first.requestMs), 0), unit: 'ms' },
      { key: 'feeds.rate', value: Math.round(rows.length / first.seconds), unit: 'rows/s', floor: Math.round(rows.length / copySeconds), ratio: round(first.seconds / copySeconds, 1) },
      { key: 'feeds.repeat', params, value: round(again.seconds, 2), unit: 's', floor: round(copySeconds, 2), ratio: round(again.seconds / copySeconds, 1) },
    ];
  } finally {
    app.kill('SIGTERM');
    await once(app, 'exit').catch(() => undefined);
  }
}
