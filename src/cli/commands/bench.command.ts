import { cpus, loadavg, totalmem } from 'node:os';
// Types only: the suites are loaded when run, so that the rest of the CLI never loads autocannon (a dev dependency).
import type { BenchFixture, BenchOptions } from '../../bench/bench-fixture';
import type { BenchFigure } from '../../bench/engine.bench';

/**
 * `npm run bench [-- <suite>...] [--units N] [--keep-db]`: engine (in memory), then scoring, workbook and http on a
 * commune-scale database of their own (src/bench/bench-fixture.ts), made once for them all, then cli-start (a
 * command's start, cold and built, on a copy of the checkout). No suite named: all.
 *
 * The bench's options are taken out of process.argv here, when src/cli.ts imports this file and before commander
 * parses it (the `bench` command there declares only its suites), so that `--units 1000` is not an unknown option.
 */
function takeBenchOptions(argv: string[]): { units?: number; keepDatabase: boolean; seconds?: number } {
  const out: { units?: number; keepDatabase: boolean; seconds?: number } = { keepDatabase: false };
  if (argv[2] !== 'bench') return out;
  for (let i = 3; i < argv.length; ) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--units' || flag === '--seconds') {
      const raw = inline ?? argv[i + 1];
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, not ${raw}`);
      if (flag === '--units') out.units = n;
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
const INDICATORS = 200;

type Suite = (ctx: { fixture: () => Promise<BenchFixture>; units: number }) => Promise<BenchFigure[]>;

const SUITES: Record<string, Suite> = {
  engine: async ({ units }) => (await import('../../bench/engine.bench.js')).benchEngine({ units, indicators: INDICATORS }),
  scoring: async ({ fixture }) => (await import('../../bench/scoring.bench.js')).benchScoring(await fixture()),
  workbook: async ({ fixture }) => (await import('../../bench/workbook.bench.js')).benchWorkbook(await fixture()),
  http: async ({ fixture }) => (await import('../../bench/http.bench.js')).benchHttp(await fixture(), { seconds: cliOptions.seconds }),
  'cli-start': async () => (await import('../../bench/cli-start.bench.js')).benchCliStart(),
};

function format(n: number | undefined, digits = 1): string {
  return n === undefined || Number.isNaN(n) ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c >= 2 && c !== 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Runs the named benchmark suites (all by default) and prints each figure beside its floor and the ratio. */
export async function benchCommand(names: string[]): Promise<void> {
  const selected = names.length > 0 ? names : Object.keys(SUITES);
  const unknown = selected.filter((n) => !SUITES[n]);
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  const options: BenchOptions = { units: cliOptions.units ?? 10_000, indicators: INDICATORS, keepDatabase: cliOptions.keepDatabase };
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  let made: Promise<BenchFixture> | null = null;
  const fixture = () => {
    if (!made) {
      console.error(`bench: making ${options.units.toLocaleString('en-US')} communes × ${INDICATORS} indicators in a database of their own…`);
      made = import('../../bench/bench-fixture.js').then(({ BenchFixture }) => BenchFixture.create(options));
    }
    return made;
  };
  let postgres = '';
  const rows: string[][] = [['suite', 'figure', 'value', 'unit', 'floor', 'ratio']];
  try {
    for (const name of selected) {
      console.error(`bench: ${name}…`);
      for (const f of await SUITES[name]({ fixture, units: options.units })) {
        rows.push([name, f.name, format(f.value, 2), f.unit, format(f.floor, 2), f.ratio === undefined || Number.isNaN(f.ratio) ? '' : `${format(f.ratio, 2)}×`]);
      }
    }
  } finally {
    const f = made ? await (made as Promise<BenchFixture>).catch(() => null) : null;
    if (f) {
      postgres = `, PostgreSQL ${f.postgresVersion.split(' ')[0]}`;
      const timings = Object.entries(f.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
      console.error(`bench: data ${timings}; database ${f.databaseUrl.replace(/\/\/[^@]*@/, '//')} ${options.keepDatabase ? 'kept' : 'dropped'}`);
      await f.close();
    }
  }
  printTable(rows);
  const cpu = cpus();
  console.log(
    `\nmachine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}${postgres}, ` +
      `${process.platform}/${process.arch}; ${new Date().toISOString().slice(0, 10)}; bench ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (other processes share the machine)`,
  );
}
