import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RawValue } from '../engine';
import { findPublicationRow } from '../publications/publications.queries';
import type { BenchFixture, FormClient } from './bench-fixture';
import type { BenchFigure } from './bench-figure';
import { benchUnits } from './engine.bench';
import { publishRun } from './workbook.bench';

/**
 * Submission saves through HTTP under 50 concurrent clients, on the real app (dist/src/main.js in a child process:
 * createApp, every module, guards, validation, pino logs at warn) against the bench database. Each client is the
 * officer of its own unit in the open form cycle (so no save can meet another's version): it read its submission's
 * ETag first (GET .../submission), then saves again and again with PATCH .../submission/answers and If-Match, ten
 * answers at a time (one group of the form, the groups in turn), taking the next If-Match from each answer's ETag.
 * A save that is not 200 (a 409 among them) counts as an error.
 *
 * The floor is the cheapest route of the same app under the same load: GET /health (public; pings PostgreSQL and
 * Redis, and reads the publications' last checks in one small query). autocannon runs in this process; a warm-up of a few seconds precedes each measured run.
 *
 * Between the two, the app's lightest signed-in request under the same 50 clients, each with its officer's token:
 * GET /api/v1/users/me (the guard's token and account check, one row read, the reply). It is no floor of a save, but
 * it says how much of the save's budget against the bare save the stack (Nest, Express, TypeORM, the guard) takes
 * before a save does any work of its own.
 *
 * The saves' own floor, right after them: the bare save (save-floor-server.ts, a plain node:http server in a child
 * process as the app is), under the same 50 autocannon connections with the same URLs, tokens and bodies: the JWT
 * verified as the app's guard does, then one transaction on a pool of the app's options upserting the same ten
 * answer rows of the same submission. The same harness on both sides, so the ratio is what the app does beyond that.
 *
 * Then the public ranking of the published bench run (10,000 communes; published here if the workbook suite did not),
 * GET /api/v1/public/rankings/:year/:level one request at a time (a first read, not timed, builds what the app keeps),
 * against the same bytes served from memory: a plain node:http server in this process answering with the app's
 * reply body, read by the same fetch (what any server of the ranking cannot do without).
 */

export interface HttpBenchOptions {
  clients?: number;
  seconds?: number;
  warmupSeconds?: number;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function startApp(port: number, script = join(__dirname, '..', 'main.js'), args: string[] = []): Promise<ChildProcess> {
  const app = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  app.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}: ${stderr}`);
    // Any answer will do for a server without /health (the save floor's 500 for a GET).
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok || r.status === 500).catch(() => false);
    if (ok) return app;
    if (Date.now() > deadline) {
      app.kill();
      throw new Error(`the app did not answer /health within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface ClientState {
  token: string;
  version: number;
  bodies: string[];
  next: number;
}

/** Each client's bodies: its unit's generated answers, ten leaves (one group of the form) per save. */
function bodiesFor(fixture: BenchFixture, clients: FormClient[]): string[][] {
  const generated = benchUnits(fixture.framework, fixture.options.units);
  const groups: string[][] = fixture.framework.nodes.flatMap((p) => p.children!.map((g) => g.children!.map((l) => l.code)));
  return clients.map((c) => {
    const index = fixture.units.findIndex((u) => u.id === c.unitId);
    const values: Record<string, RawValue> = generated[index].values;
    return groups.map((codes) =>
      JSON.stringify({
        answers: codes.filter((code) => values[code] !== undefined).slice(0, 10).map((code) => ({ indicatorCode: code, value: values[code] })),
      }),
    );
  });
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const RANKING_READS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The public ranking read through the app, RANKING_READS times in turn, and its floor (see above). */
async function publicRanking(fixture: BenchFixture, base: string): Promise<{ ms: number; floorMs: number; bytes: number; rows: number }> {
  if (!fixture.publicationId) await publishRun(fixture);
  const { year, level } = (await findPublicationRow(fixture.db.manager, fixture.publicationId!))!;
  const read = async (url: string): Promise<{ ms: number; body: Buffer }> => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url);
    const body = Buffer.from(await res.arrayBuffer());
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${body.toString('utf8', 0, 500)}`);
    return { ms, body };
  };
  const url = `${base}/api/v1/public/rankings/${year}/${level}`;
  const { body } = await read(url);
  const floorServer = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  floorServer.listen(0, '127.0.0.1');
  await once(floorServer, 'listening');
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/`;
  const times: number[] = [];
  const floors: number[] = [];
  try {
    for (let i = 0; i < RANKING_READS; i++) {
      times.push((await read(url)).ms);
      floors.push((await read(floorUrl)).ms);
    }
  } finally {
    floorServer.close();
  }
  return { ms: median(times), floorMs: median(floors), bytes: body.length, rows: (JSON.parse(body.toString('utf8')) as { rows: unknown[] }).rows.length };
}

export async function benchHttp(fixture: BenchFixture, options: HttpBenchOptions = {}): Promise<BenchFigure[]> {
  const n = Math.min(options.clients ?? 50, fixture.units.length);
  const duration = options.seconds ?? 15;
  const warmup = options.warmupSeconds ?? 3;
  const clients = await fixture.clients(n);
  const port = await freePort();
  const app = await startApp(port);
  try {
    const base = `http://127.0.0.1:${port}`;
    const path = (c: FormClient) => `/api/v1/cycles/${fixture.formCycleId}/units/${c.unitId}/submission`;
    // Each client reads its submission first: the ETag is the version its first save is based on. Read again before
    // each run, once the saves still in flight when the last run stopped have landed.
    const bodies = bodiesFor(fixture, clients);
    const states = new Map<string, ClientState>();
    const readEtags = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const [i, c] of clients.entries()) {
        const res = await fetch(`${base}${path(c)}`, { headers: { authorization: `Bearer ${c.token}` } });
        if (!res.ok) throw new Error(`GET ${path(c)}: ${res.status} ${await res.text()}`);
        const version = Number((res.headers.get('etag') ?? '').replace(/"/g, ''));
        states.set(`${path(c)}/answers`, { token: c.token, version, bodies: bodies[i], next: states.get(`${path(c)}/answers`)?.next ?? i });
      }
    };
    let refused = 0;
    const saves = (seconds: number, server = base): autocannon.Options => ({
      // One URL per connection (autocannon gives connection i the URL i; its types say string only).
      url: clients.map((c) => `${server}${path(c)}/answers`) as unknown as string,
      connections: n,
      duration: seconds,
      method: 'PATCH',
      requests: [
        {
          setupRequest: (req, context) => {
            const state = states.get(req.path!)!;
            (context as { path?: string }).path = req.path;
            return {
              ...req,
              method: 'PATCH',
              headers: { ...req.headers, authorization: `Bearer ${state.token}`, 'content-type': 'application/json', 'if-match': `"${state.version}"` },
              body: state.bodies[state.next++ % state.bodies.length],
            };
          },
          onResponse: (status, _body, context, headers) => {
            const state = states.get((context as { path: string }).path)!;
            const etag = (headers as Record<string, string | undefined>)?.etag ?? (headers as Record<string, string | undefined>)?.ETag;
            if (status === 200 && etag) state.version = Number(etag.replace(/"/g, ''));
            else refused++;
          },
        },
      ],
    });
    const bare = (seconds: number): autocannon.Options => ({ url: `${base}/health`, connections: n, duration: seconds });
    // One URL per connection as for the saves; the query only tells the connections apart (the route reads none).
    const tokenOf = new Map(clients.map((c, i) => [`/api/v1/users/me?client=${i}`, c.token]));
    const signedIn = (seconds: number): autocannon.Options => ({
      url: [...tokenOf.keys()].map((p) => `${base}${p}`) as unknown as string,
      connections: n,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokenOf.get(req.path!)!}` } }) }],
    });

    await run(bare(warmup));
    const health = await run(bare(duration));
    await run(signedIn(warmup));
    const me = await run(signedIn(duration));
    if (me.non2xx + me.errors + me.timeouts > 0) throw new Error(`GET /api/v1/users/me failed ${me.non2xx + me.errors + me.timeouts} of ${me.requests.total}`);
    await readEtags();
    await run(saves(warmup));
    await readEtags();
    refused = 0;
    const patch = await run(saves(duration));
    const savesRefused = refused;
    const floorPort = await freePort();
    const floorApp = await startApp(floorPort, join(__dirname, 'save-floor-server.js'), [String(floorPort), fixture.formCycleId]);
    let floor: autocannon.Result;
    try {
      await run(saves(warmup, `http://127.0.0.1:${floorPort}`));
      refused = 0;
      floor = await run(saves(duration, `http://127.0.0.1:${floorPort}`));
      if (refused + floor.errors + floor.timeouts > 0) throw new Error(`the save floor refused ${refused} and failed ${floor.errors + floor.timeouts} of ${floor.requests.total}`);
    } finally {
      floorApp.kill('SIGTERM');
      await once(floorApp, 'exit').catch(() => undefined);
    }
    const savesPerSecond = patch.requests.average;
    const bareRps = health.requests.average;
    const ranking = await publicRanking(fixture, base);
    return [
      { key: 'http.saves', params: { clients: n }, value: round(savesPerSecond), unit: 'req/s', floor: round(bareRps), ratio: round(bareRps / savesPerSecond, 2) },
      { key: 'http.p99', value: patch.latency.p99, unit: 'ms', floor: health.latency.p99, ratio: round(patch.latency.p99 / Math.max(1, health.latency.p99), 2) },
      { key: 'http.p50', value: patch.latency.p50, unit: 'ms', floor: health.latency.p50, ratio: round(patch.latency.p50 / Math.max(1, health.latency.p50), 2) },
      { key: 'http.savesFloor', value: round(savesPerSecond), unit: 'req/s', floor: round(floor.requests.average), ratio: round(floor.requests.average / savesPerSecond, 2) },
      { key: 'http.p99Floor', value: patch.latency.p99, unit: 'ms', floor: floor.latency.p99, ratio: round(patch.latency.p99 / Math.max(1, floor.latency.p99), 2) },
      { key: 'http.signedIn', value: round(me.requests.average), unit: 'req/s', floor: round(floor.requests.average), ratio: round(floor.requests.average / me.requests.average, 2) },
      { key: 'http.signedInP99', value: me.latency.p99, unit: 'ms', floor: floor.latency.p99, ratio: round(me.latency.p99 / Math.max(1, floor.latency.p99), 2) },
      { key: 'http.total', params: { seconds: duration }, value: patch.requests.total, unit: 'req', floor: health.requests.total },
      { key: 'http.refused', value: savesRefused + patch.errors + patch.timeouts, unit: 'req', floor: health.non2xx + health.errors + health.timeouts },
      { key: 'http.ranking', params: { units: ranking.rows, reads: RANKING_READS }, value: round(ranking.ms, 0), unit: 'ms', floor: round(ranking.floorMs, 0), ratio: round(ranking.ms / ranking.floorMs, 2) },
      { key: 'http.rankingSize', value: round(ranking.bytes / 1e6, 1), unit: 'MB' },
    ];
  } finally {
    app.kill('SIGTERM');
    await once(app, 'exit').catch(() => undefined);
  }
}
