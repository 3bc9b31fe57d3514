import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure, BenchFigureKey } from './bench-figure';

/**
 * How long a command takes to start (#18, build once, start at once): `dti --help` through the launcher
 * (bin/dti.cjs) on a copy of this checkout in a temporary folder, whose dist/ this bench may build from nothing
 * without touching the checkout's (other commands may be running from it).
 *
 * - cold: no dist/, so the launcher compiles everything, then prints the help; its floor is the second start.
 * - second start, nothing changed: the launcher only compares the sources with its stamp; its floor is the same
 *   help from dist/src/cli.js without the launcher (what starting Node and commander costs anyway).
 * - one file changed: the incremental build of one edited source, then the help; floor the second start.
 * - npx dti --help: the same second start through npm exec; floor the launcher alone.
 */

const ROOT = join(__dirname, '..', '..', '..');
const RUNS = 3;

function seconds(file: string, args: string[], cwd: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) return reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.slice(-2000)}`));
      resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}

async function median(run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run());
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const round = (x: number) => Number(x.toFixed(2));
const figure = (key: BenchFigureKey, value: number, floor: number): BenchFigure => ({ key, value: round(value), unit: 's', floor: round(floor), ratio: value / floor });

export async function benchCliStart(): Promise<BenchFigure[]> {
  // One folder for every run: npx records each folder it ran a package's own bin from (~/.npm/_npx).
  const copy = join(tmpdir(), 'dti-bench-cli-start');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy);
  try {
    for (const path of ['bin', 'src', 'migrations', 'config', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const node = process.execPath;
    const dti = (cwd: string) => seconds(node, ['bin/dti.cjs', '--help'], cwd);

    const cold = await dti(copy);
    const second = await median(() => dti(copy));
    const bare = await median(() => seconds(node, ['dist/src/cli.js', '--help'], copy));
    appendFileSync(join(copy, 'src', 'cli', 'commands', 'score-help.ts'), '\n// one edit\n');
    const changed = await dti(copy);
    const npx = await median(() => seconds('npx', ['dti', '--help'], copy));
    return [
      figure('cliStart.cold', cold, second),
      figure('cliStart.second', second, bare),
      figure('cliStart.changed', changed, second),
      figure('cliStart.npx', npx, second),
    ];
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
