import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { roundTo } from '../engine';
import type { FrameworkNode } from '../engine/framework.model';
import type { RankingWorkbookUnit } from '../exports/ranking-workbook';
import { loadConfig } from '../config/load-config';
import { loadRankingWorkbookData, withSnapshot } from '../exports/export-data';
import { runExportProcess } from '../exports/export-process';
import { num, text } from '../workbooks/write-cells';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { rankingColumns } from '../publications/ranking-columns';
import { vacuumRunResults } from '../scoring/score-results.queries';
import { vacuumUnits } from '../units/unit-copy.queries';
import { PublicationsService } from '../publications/publications.service';
import type { BenchFixture } from './bench-fixture';
import type { BenchFigure } from './bench-figure';
import { scoreRun } from './scoring.bench';
import type { WorkbookChildReport } from './workbook-child';

/**
 * The ranking workbook of the bench run at commune scale: the run published (PublicationsService.publish), then
 * written as the exports job writes it, by the export process (runExportProcess, export-child.js, with the configured
 * heap), which reports its own time and peak memory (the kernel's maximum RSS of that process); and, for comparison,
 * by the same function in a process without a heap cap (workbook-child.ts `real`).
 *
 * The floor is raw exceljs streaming (stream.xlsx.WorkbookWriter, no styles, no headers, no shared strings) of the
 * same matrix, in a child process too: the same sheets with the same rows and cells (rank, code, name and the same
 * numbers, as the ranking workbook lays them out), read line by line from a file made beforehand. What the floor
 * does not do: read PostgreSQL, styles and number formats, preambles and header rows, frozen panes, filters, colour
 * scales, the methodology and information sheets.
 */

type Cell = string | number | null;

/** The export process's heap when the configuration writes exports inside the worker (EXPORT_HEAP_MB 0). */
const DEFAULT_EXPORT_HEAP_MB = 192;
/** Runs of each side. */
const RUNS = 5;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** The rows of the ranking workbook's data sheets, cell for cell, as JSON lines `[sheet, ...cells]`. */
async function writeMatrix(fixture: BenchFixture, publicationId: string, file: string): Promise<{ rows: number; cells: number }> {
  const out = createWriteStream(file);
  let rows = 0;
  let cells = 0;
  const line = async (sheet: number, row: Cell[]) => {
    rows++;
    cells += row.length;
    if (!out.write(`${JSON.stringify([sheet, ...row])}\n`)) await once(out, 'drain');
  };
  await withSnapshot(fixture.db, async (runner) => {
    const data = await loadRankingWorkbookData(runner, publicationId);
    const units: RankingWorkbookUnit[] = [];
    if (Array.isArray(data.units)) units.push(...data.units);
    else for await (const batch of data.units.batches()) units.push(...batch);
    const doc = data.framework.document;
    const precision = doc.result.precision;
    const r = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? roundTo(v, precision) : null);
    const columns = rankingColumns(doc);
    const ordered = [...columns.filter((c) => c.kind === 'pillar'), ...columns.filter((c) => c.kind === 'group'), ...columns.filter((c) => c.kind === 'main')];
    const grouped = units.some((u) => u.unitGroup !== null);
    for (const u of units) {
      const prev = u.previous;
      await line(0, [
        u.rank,
        text(u.code),
        text(u.nameVi),
        ...(grouped ? [text(u.unitGroup), u.groupRank] : []),
        num(u.index),
        ...ordered.map((c) => r((c.kind === 'pillar' ? u.pillars[c.code] : u.nodes[c.code])?.value)),
        prev?.rank ?? null,
        prev && prev.rank !== null && u.rank !== null ? prev.rank - u.rank : null,
        num(prev?.value),
        prev && prev.value !== null && u.index !== null ? roundTo(u.index - prev.value, precision) : null,
      ]);
    }
    const views: { head: string; members: FrameworkNode[]; pillar: boolean }[] = doc.nodes
      .filter((n) => n.children?.some((c) => c.children?.length))
      .map((n) => ({ head: n.code, members: n.children!, pillar: false }));
    const byCode = new Map<string, FrameworkNode>();
    const walk = (nodes: FrameworkNode[]) => nodes.forEach((n) => (byCode.set(n.code, n), n.children && walk(n.children)));
    walk(doc.nodes);
    for (const p of doc.pillars ?? []) {
      views.push({ head: p.code, members: p.members.map((m) => byCode.get(m.node)).filter((n): n is FrameworkNode => n !== undefined), pillar: true });
    }
    for (const [i, view] of views.entries()) {
      for (const u of units) {
        const head = view.pillar ? u.pillars[view.head] : u.nodes[view.head];
        await line(1 + i, [
          u.rank,
          text(u.code),
          text(u.nameVi),
          r(head?.value),
          num(head?.points),
          head?.rank ?? null,
          ...view.members.flatMap((m) => [r(u.nodes[m.code]?.value), num(u.nodes[m.code]?.points)]),
        ]);
      }
    }
    const leaves = frameworkLeaves(doc);
    const byUnit = new Map(units.map((u) => [u.code, u]));
    for await (const batch of data.details!()) {
      for (const d of batch) {
        const u = byUnit.get(d.code)!;
        const row: Cell[] = [u.rank, text(u.code), text(u.nameVi), num(u.index)];
        for (let i = 0; i < leaves.length; i++) row.push(num(d.values[i]), num(d.points[i]));
        await line(1 + views.length, row);
      }
    }
  });
  out.end();
  await once(out, 'finish');
  return { rows, cells };
}

function child(args: string[], nodeFlags: string[] = []): Promise<WorkbookChildReport> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeFlags, join(__dirname, 'workbook-child.js'), ...args], { env: process.env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`workbook child ${args[0]} failed: ${error.message}\n${stderr}`));
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as WorkbookChildReport);
      } catch {
        reject(new Error(`workbook child ${args[0]} printed no report: ${stdout}\n${stderr}`));
      }
    });
  });
}

/** Publishes the bench run once (scoring it first if the scoring suite did not). */
export async function publishRun(fixture: BenchFixture): Promise<{ seconds: number }> {
  if (!fixture.runId) await scoreRun(fixture);
  const t0 = process.hrtime.bigint();
  const publication = await fixture.app.get(PublicationsService).publish(fixture.admin, fixture.scoredCycleId, fixture.runId!);
  fixture.publicationId = publication.id;
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export async function benchWorkbook(fixture: BenchFixture): Promise<BenchFigure[]> {
  const published = fixture.publicationId ? { seconds: NaN } : await publishRun(fixture);
  const heapMb = loadConfig().EXPORT_HEAP_MB || DEFAULT_EXPORT_HEAP_MB;
  // The run's results and the snapshot were just written: let PostgreSQL's statistics and visibility map catch up
  // now (autovacuum would, long before anyone exports) rather than in the middle of the first export measured.
  await vacuumRunResults(fixture.db.manager);
  await vacuumUnits(fixture.db.manager);
  const dir = await mkdtemp(join(tmpdir(), 'dti-bench-'));
  try {
    const matrixFile = join(dir, 'matrix.jsonl');
    const matrix = await writeMatrix(fixture, fixture.publicationId!, matrixFile);
    // The export as the exports job makes it: the same export process, with the configured heap.
    const exportProcess = async (): Promise<WorkbookChildReport> => {
      const file = join(dir, 'ranking.xlsx');
      const r = await runExportProcess({ kind: 'ranking', params: { publicationId: fixture.publicationId! } }, file, { heapMb });
      return { seconds: r.seconds, maxRssBytes: r.maxRssBytes, baselineRssBytes: NaN, sizeBytes: (await stat(file)).size, sheets: 0 };
    };
    // Each side RUNS times, alternating, the faster run of each kept (and the higher peak): less at the mercy of a busy
    // machine (the same run varies by ±25 % on the 2-core VM of the README's figures).
    const best = (a: WorkbookChildReport, b: WorkbookChildReport): WorkbookChildReport => ({
      ...(a.seconds <= b.seconds ? a : b),
      maxRssBytes: Math.max(a.maxRssBytes, b.maxRssBytes),
    });
    const realRuns: WorkbookChildReport[] = [];
    const floorRuns: WorkbookChildReport[] = [];
    for (let i = 0; i < RUNS; i++) {
      realRuns.push(await exportProcess());
      floorRuns.push(await child(['floor', matrixFile, join(dir, 'floor.xlsx')]));
    }
    const real = realRuns.reduce(best);
    const floor = floorRuns.reduce(best);
    // The same function in a process without a heap cap: V8 then lets the heap grow far past the live data.
    const uncapped = await child(['real', fixture.publicationId!, join(dir, 'ranking-uncapped.xlsx')]);
    const mb = (bytes: number) => round(bytes / 1048576, 0);
    const { units } = fixture.options;
    return [
      { key: 'workbook.exportProcess', params: { units, heapMb, runs: RUNS }, value: round(real.seconds), unit: 's', floor: round(floor.seconds), ratio: round(real.seconds / floor.seconds) },
      { key: 'workbook.peakRss', params: { runs: RUNS }, value: mb(real.maxRssBytes), unit: 'MB', floor: mb(floor.maxRssBytes), ratio: round(real.maxRssBytes / floor.maxRssBytes) },
      { key: 'workbook.uncappedTime', value: round(uncapped.seconds), unit: 's', floor: round(floor.seconds), ratio: round(uncapped.seconds / floor.seconds) },
      { key: 'workbook.uncappedRss', value: mb(uncapped.maxRssBytes), unit: 'MB', floor: mb(floor.maxRssBytes), ratio: round(uncapped.maxRssBytes / floor.maxRssBytes) },
      { key: 'workbook.baselineRss', value: mb(uncapped.baselineRssBytes), unit: 'MB', floor: mb(floor.baselineRssBytes) },
      { key: 'workbook.fileSize', value: round(real.sizeBytes / 1e6, 1), unit: 'MB', floor: round(floor.sizeBytes / 1e6, 1) },
      { key: 'workbook.floorMatrix', params: { rows: matrix.rows, cells: matrix.cells, sheets: floor.sheets }, value: round(floor.seconds), unit: 's' },
      ...(Number.isNaN(published.seconds) ? [] : [{ key: 'workbook.publish' as const, value: round(published.seconds), unit: 's' as const }]),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
