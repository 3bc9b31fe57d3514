import { cpus, loadavg, totalmem } from 'node:os';
// Types only: the suites are loaded when run, so that the rest of the CLI never loads autocannon (a dev dependency).
import type { BenchFixture, BenchOptions } from '../../bench/bench-fixture';
import type { BenchFigure } from '../../bench/bench-figure';

import { cliOutput } from '../output/cli-output';
import { CliUsageError } from '../output/cli-usage-error';
import { benchFigureName, benchTable, type BenchRow } from './bench-table';

interface BenchCliOptions {
  units?: number;
  indicators?: number;
  keepDatabase: boolean;
  seconds?: number;
  /** A --units, --indicators or --seconds that is not a positive integer. */
  refused?: { flag: string; value: string };
}

/**
 * `npm run bench [-- <suite>...] [--units N] [--indicators N] [--keep-db]`: engine (in memory), then scoring,
 * workbook and http on a commune-scale database of their own (src/bench/bench-fixture.ts), made once for them all,
 * then cli-start (a command's start, cold and built, on a copy of the checkout). No suite named: all of these; the
 * others only when named (publish: data of its own at a larger scale, 20,000 × 400 unless --units or --indicators
 * says otherwise).
 *
 * The bench's options are taken out of process.argv here, when src/cli.ts imports this file and before commander
 * parses it (the `bench` command there declares only its suites), so that `--units 1000` is not an unknown option.
 */
/** Where the command's name is in argv: after the global options (dti --lang en --json bench …). */
function commandAt(argv: string[]): number {
  let i = 2;
  while (argv[i] === '--json' || argv[i]?.startsWith('--lang=') || argv[i] === '--lang') i += argv[i] === '--lang' ? 2 : 1;
  return i;
}

function takeBenchOptions(argv: string[]): BenchCliOptions {
  const out: BenchCliOptions = { keepDatabase: false };
  const at = commandAt(argv);
  if (argv[at] !== 'bench') return out;
  for (let i = at + 1; i < argv.length; ) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--units' || flag === '--indicators' || flag === '--seconds') {
      const raw = inline ?? argv[i + 1];
      const n = Number(raw);
      // Refused when the command runs (benchCommand), in the output's language, not here while src/cli.ts loads.
      if (!Number.isInteger(n) || n < 1) out.refused ??= { flag, value: String(raw) };
      else if (flag === '--units') out.units = n;
      else if (flag === '--indicators') out.indicators = n;
      else out.seconds = n;
      argv.splice(i, inline === undefined ? 2 : 1);
    } else if (flag === '--keep-db') {
      out.keepDatabase = true;
      argv.splice(i, 1);
    } else {
      i++;
    }
  }
  return out;
}

const cliOptions = takeBenchOptions(process.argv);
const INDICATORS = cliOptions.indicators ?? 200;
/** The publish suite's own scale (#23: a large edition), unless --units or --indicators says otherwise. */
const PUBLISH_UNITS = cliOptions.units ?? 20_000;
const PUBLISH_INDICATORS = cliOptions.indicators ?? 400;

type Suite = (ctx: { fixture: () => Promise<BenchFixture>; units: number }) => Promise<BenchFigure[]>;

const SUITES: Record<string, Suite> = {
  engine: async ({ units }) => (await import('../../bench/engine.bench.js')).benchEngine({ units, indicators: INDICATORS }),
  scoring: async ({ fixture }) => (await import('../../bench/scoring.bench.js')).benchScoring(await fixture()),
  workbook: async ({ fixture }) => (await import('../../bench/workbook.bench.js')).benchWorkbook(await fixture()),
  http: async ({ fixture }) => (await import('../../bench/http.bench.js')).benchHttp(await fixture(), { seconds: cliOptions.seconds }),
  publish: async () => {
    await realServers();
    return (await import('../../bench/publish.bench.js')).benchPublish({ units: PUBLISH_UNITS, indicators: PUBLISH_INDICATORS, keepDatabase: cliOptions.keepDatabase });
  },
  feeds: async ({ fixture }) => (await import('../../bench/feeds.bench.js')).benchFeeds(await fixture()),
  'cli-start': async () => (await import('../../bench/cli-start.bench.js')).benchCliStart(),
  demo: async () => {
    const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = await realServers();
    return (await import('../../bench/demo.bench.js')).benchDemo({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, queuePrefix: QUEUE_PREFIX });
  },
  whatif: async ({ units }) => (await import('../../bench/what-if.bench.js')).benchWhatIf({ units, indicators: INDICATORS }),
  analysis: async ({ units }) => (await import('../../bench/analysis.bench.js')).benchAnalysis({ units, indicators: INDICATORS }),
};

/**
 * Run only when named: the demo twice takes minutes; feeds makes the commune data (if no suite before it did) and
 * pushes 200,000 values twice through HTTP, over a minute; analysis runs 1,000 samples twice and times the floor's
 * later stages 20 times, minutes on a busy machine; whatif prepares 10,000 units in memory and times 50 what-ifs;
 * publish makes and scores 8,000,000 answers of its own before it measures anything, which took longer than all the
 * other suites together (over 30 minutes on the shared 2-core machine, #23).
 */
const ON_REQUEST = new Set(['demo', 'feeds', 'analysis', 'whatif', 'publish']);

/** The settings, when they name a real PostgreSQL and Redis; else a refusal saying so. */
async function realServers() {
  // Figures of PGlite or of the in-process queues would say nothing of a deployment that scales out.
  const [{ loadConfig }, { EMBEDDED }] = await Promise.all([import('../../config/load-config.js'), import('../../config/app-config.js')]);
  const config = loadConfig();
  if (config.DATABASE_URL === EMBEDDED || config.REDIS_URL === EMBEDDED) throw new CliUsageError(cliOutput().words.bench.needsServices);
  return config;
}

/**
 * Runs the named benchmark suites (all by default) and prints each figure beside its floor and the ratio, in the
 * output's language; with --json one document: every figure (suite, key, params, name, value, unit, floor, ratio)
 * and the machine. What it is doing goes to stderr either way.
 */
export async function benchCommand(names: string[]): Promise<void> {
  const out = cliOutput();
  const words = out.words.bench;
  if (cliOptions.refused) throw new CliUsageError(words.notPositive(cliOptions.refused.flag, cliOptions.refused.value));
  const selected = names.length > 0 ? names : Object.keys(SUITES).filter((name) => !ON_REQUEST.has(name));
  const unknown = selected.filter((n) => !SUITES[n]);
  if (unknown.length > 0) throw new CliUsageError(words.unknownSuite(unknown.join(', '), Object.keys(SUITES).join(', ')));
  const options: BenchOptions = { units: cliOptions.units ?? 10_000, indicators: INDICATORS, keepDatabase: cliOptions.keepDatabase };
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  let made: Promise<BenchFixture> | null = null;
  const fixture = () => {
    if (!made) {
      made = (async () => {
        await realServers();
        out.progress(words.making(out.number(options.units), out.number(INDICATORS)));
        const { BenchFixture } = await import('../../bench/bench-fixture.js');
        return BenchFixture.create(options);
      })();
    }
    return made;
  };
  let postgres = '';
  const rows: BenchRow[] = [];
  try {
    for (const name of selected) {
      out.progress(words.running(name));
      for (const f of await SUITES[name]({ fixture, units: options.units })) rows.push({ suite: name, ...f });
    }
  } finally {
    const f = made ? await (made as Promise<BenchFixture>).catch(() => null) : null;
    if (f) {
      postgres = f.postgresVersion.split(' ')[0];
      const timings = Object.entries(f.timings).map(([k, v]) => `${k} ${out.number(v, 1)} s`).join(', ');
      out.progress(words.data(timings, f.databaseUrl.replace(/\/\/[^@]*@/, '//'), options.keepDatabase));
      await f.close();
    }
  }
  const cpu = cpus();
  const machine = {
    cpus: cpu.length,
    model: cpu[0]?.model.trim() ?? '?',
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    platform: `${process.platform}/${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
  };
  for (const line of benchTable(rows, out)) out.say(line);
  out.say(
    `\n${words.machine({
      cpus: out.number(machine.cpus),
      model: machine.model,
      ram: out.number(machine.ramGiB),
      node: machine.node,
      postgres,
      platform: machine.platform,
      date: machine.date,
      seconds: out.number(machine.seconds),
      loadStart: out.number(machine.loadAverage.start, 1),
      loadEnd: out.number(machine.loadAverage.end, 1),
    })}`,
  );
  out.document({ ok: true, figures: rows.map((r) => ({ ...r, name: benchFigureName(r, out) })), machine });
}
