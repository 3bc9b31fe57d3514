import type { BenchFigure } from './bench-figure';

/**
 * The publish benchmark's figures from what its child processes reported (publish-child.ts), kept apart from the
 * processes so that the arithmetic and the failures (a side that threw, a child that died) are tested alone.
 */

/** What a child of the publish benchmark prints: time and peak RSS of its measured part, and what it made. */
export interface PublishChildReport {
  seconds: number;
  /** Peak resident set size of the child (VmHWM), bytes. */
  maxRssBytes: number;
  /** RSS just before the measured part (Node, modules, the Nest context). */
  baselineRssBytes: number;
  /** Why the measured part did not complete (its exception, or how the process ended). */
  failed?: string;
  publicationId?: string;
  ok?: boolean;
  problems?: string[];
  problemCount?: number;
  /** The heap limit of the verify process (VERIFY_HEAP_MB and V8's young generation), MB. */
  heapLimitMb?: number;
  /** The floor's bytes read (the work's: written) and their sha256. */
  bytes?: number;
  sha256?: string;
}

/** The report on a child's last line of stdout; a child that printed none failed, said with its exit and stderr's end. */
export function childReport(stdout: string, exit: { code: number | null; signal: string | null; stderr: string }): PublishChildReport {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const report = JSON.parse(last) as PublishChildReport;
    if (typeof report.seconds === 'number') return report;
  } catch {
    // Not a report: the child died before printing one.
  }
  const tail = exit.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ');
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return { seconds: NaN, maxRssBytes: NaN, baselineRssBytes: NaN, failed: `the process ended without a report (${how})${tail ? `: ${tail.slice(0, 300)}` : ''}` };
}

export interface PublishMeasurements {
  units: number;
  indicators: number;
  /** The suite's data made (COPY of the answers) and scored, seconds; not figures. */
  generateSeconds: number;
  scoreSeconds: number;
  floor: PublishChildReport;
  publish: PublishChildReport;
  /** The design's own work on the same rows (publish-child.ts `work`); null when there was no publication to read. */
  work: PublishChildReport | null;
  /** Null when there was no publication to verify. */
  verify: PublishChildReport | null;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const mb = (bytes: number) => round(bytes / 1048576, 0);

/** A verification that ran but found the publication wrong is a failed figure too, naming the first problem. */
function verifyFailure(verify: PublishChildReport | null): string | undefined {
  if (!verify) return 'no publication to verify: publishing failed';
  if (verify.failed) return verify.failed;
  if (verify.ok === false) return `${verify.problemCount ?? verify.problems?.length ?? 0} problems: ${verify.problems?.[0] ?? ''}`;
  return undefined;
}

/** A figure, `failed` (with the reason) when it did not complete; its ratio to the floor only when both did. */
function figure(base: BenchFigure, failed: string | undefined, floor?: PublishChildReport): BenchFigure {
  const out: BenchFigure = { ...base };
  if (floor && !floor.failed && !failed && Number.isFinite(base.value)) {
    out.floor = round(floor.seconds);
    out.ratio = round(base.value / floor.seconds);
  } else if (floor && !floor.failed) {
    out.floor = round(floor.seconds);
  }
  if (failed) out.failed = failed;
  return out;
}

export function publishFigures(m: PublishMeasurements): BenchFigure[] {
  const scale = { units: m.units, indicators: m.indicators };
  const { floor, publish, work, verify } = m;
  const workFailed = work ? work.failed : 'no publication to read: publishing failed';
  const verifyFailed = verifyFailure(verify);
  const rss = (r: PublishChildReport | null) => (r && Number.isFinite(r.maxRssBytes) ? mb(r.maxRssBytes) : NaN);
  const figures: BenchFigure[] = [
    figure({ key: 'publish.publish', params: scale, value: round(publish.seconds), unit: 's' }, publish.failed, floor),
    { key: 'publish.publishRss', value: rss(publish), unit: 'MB', ...(floor.failed ? {} : { floor: rss(floor) }), ...(Number.isFinite(publish.maxRssBytes) ? {} : { failed: publish.failed }) },
    { key: 'publish.publishBaselineRss', value: Number.isFinite(publish.baselineRssBytes) ? mb(publish.baselineRssBytes) : NaN, unit: 'MB' },
    // Without the work to compare with, the comparison is what failed (publishing's own row says whether it did).
    figure({ key: 'publish.publishVsWork', value: round(publish.seconds), unit: 's' }, publish.failed ?? (workFailed && `no work to compare with: ${workFailed}`), work && !workFailed ? work : undefined),
    {
      key: 'publish.work',
      params: { megabytes: Math.round((work?.bytes ?? 0) / 1e6) },
      value: work ? round(work.seconds) : NaN,
      unit: 's',
      ...(workFailed ? { failed: workFailed } : {}),
    },
    figure({ key: 'publish.verify', ...(verify?.heapLimitMb ? { params: { heapMb: verify.heapLimitMb } } : {}), value: verify ? round(verify.seconds) : NaN, unit: 's' }, verifyFailed),
    { key: 'publish.verifyRss', value: rss(verify), unit: 'MB', ...(verify && Number.isFinite(verify.maxRssBytes) ? {} : { failed: verifyFailed }) },
    {
      key: 'publish.floor',
      params: { answers: m.units * m.indicators, results: m.units, megabytes: Math.round((floor.bytes ?? 0) / 1e6) },
      value: round(floor.seconds),
      unit: 's',
      ...(floor.failed ? { failed: floor.failed } : {}),
    },
    { key: 'publish.floorRss', value: rss(floor), unit: 'MB', ...(floor.failed && !Number.isFinite(floor.maxRssBytes) ? { failed: floor.failed } : {}) },
    { key: 'publish.generate', params: { answers: m.units * m.indicators }, value: round(m.generateSeconds), unit: 's' },
    { key: 'publish.score', value: round(m.scoreSeconds), unit: 's' },
  ];
  return figures;
}
