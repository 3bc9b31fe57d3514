import type { AnalysisResult, AnalysisSourcesSpec, AnalysisUnitResult } from '../analysis/analysis-result';
import type { Lang, MessageKey, Translate } from './i18n';

/** The interval chart draws at most this many units (a commune ranking has thousands; the table and workbook keep all). */
export const INTERVAL_CHART_LIMIT = 100;

/** Where a rank sits on the chart's axis, in percent of its width (1 on the left, the last rank on the right). */
export type AxisPercent = number;

export interface IntervalChartRow {
  code: string;
  name: string;
  /** "Hạng 5; trung vị 6; 5–95 %: 3–8", in the page's language. */
  text: string;
  /** Percent positions of the 5 % and 95 % ranks, the median and the published rank (null: never ranked). */
  low: AxisPercent | null;
  high: AxisPercent | null;
  median: AxisPercent | null;
  official: AxisPercent | null;
}

export interface SensitivityLine {
  source: string;
  label: string;
  first: string;
  firstRange: string;
  total: string;
  totalRange: string;
}

/** What the ranking page shows of a publication's uncertainty analysis (partials ranking-interval*.njk). */
export interface RankingIntervals {
  /** Beside each rank in the ranking table: "5–95 %: 3–7" by unit code (units never ranked in a sample left out). */
  byCode: Record<string, { low: string; high: string }>;
  samples: number;
  chart: { rows: IntervalChartRow[]; total: number; limited: boolean; ticks: { at: AxisPercent; label: number }[] };
  sensitivity: SensitivityLine[] | null;
  spec: { samples: number; seed: number; top: number; sensitivitySamples: number; sources: string[] };
  /** The public API's address of the analysis. */
  json: string;
}

/** A rank as shown: whole where it is whole (a quantile may fall between two ranks), one decimal otherwise. */
function rankText(value: number, lang: Lang): string {
  return Number.isInteger(value) ? String(value) : value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
}

const indexText = (value: number, lang: Lang) =>
  value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The declared sources in words, one sentence part each (those left at their official value are not sources). */
export function sourceWords(sources: AnalysisSourcesSpec, t: Translate): string[] {
  const out: string[] = [];
  const w = sources.weights;
  if (w?.kind === 'range') out.push(t('pub.intervals.spec.weightsRange', { percent: Math.round(w.factor * 1000) / 10 }));
  if (w?.kind === 'dirichlet') out.push(t('pub.intervals.spec.weightsDirichlet', { concentration: w.concentration }));
  if (sources.aggregation) out.push(t('pub.intervals.spec.aggregation'));
  if (sources.normalisation?.length) out.push(t('pub.intervals.spec.normalisation', { methods: sources.normalisation.join(', ') }));
  if (sources.reviewers) out.push(t('pub.intervals.spec.reviewers'));
  return out;
}

/** A source's name in words ("weights" → "Trọng số"); one the page has no word for is shown as the analysis names it. */
export function sourceLabel(source: string, t: Translate): string {
  const key = `pub.intervals.source.${source}` as MessageKey;
  const label = t(key);
  return label === key ? source : label;
}

/**
 * The page's view of an analysis: the interval beside each rank, the chart's rows (the first units by published
 * rank, positions in percent so that the inline SVG stretches to any width while its text keeps its size), the
 * sensitivity table and the spec in words.
 */
export function rankingIntervals(
  analysis: AnalysisResult,
  names: Map<string, string>,
  t: Translate,
  lang: Lang,
  json: string,
): RankingIntervals {
  const ranked = analysis.units.filter((u) => u.q05 !== null && u.q95 !== null);
  const byCode: RankingIntervals['byCode'] = {};
  for (const u of ranked) byCode[u.code] = { low: rankText(u.q05 as number, lang), high: rankText(u.q95 as number, lang) };
  // The axis runs to the worst rank any unit had or could have: the units ranked in some sample.
  const last = Math.max(2, ranked.length, ...ranked.map((u) => u.q95 as number), ...analysis.units.map((u) => u.official));
  const at = (rank: number | null): AxisPercent | null => (rank === null || rank <= 0 ? null : Math.round((2 + (96 * (rank - 1)) / (last - 1)) * 100) / 100);
  const shown = analysis.units.slice(0, INTERVAL_CHART_LIMIT);
  const row = (u: AnalysisUnitResult): IntervalChartRow => ({
    code: u.code,
    name: names.get(u.code) ?? u.code,
    text:
      u.q05 === null || u.q95 === null || u.median === null
        ? t('pub.intervals.rowNotRanked')
        : t('pub.intervals.row', {
            official: u.official > 0 ? u.official : '—',
            median: rankText(u.median, lang),
            low: rankText(u.q05, lang),
            high: rankText(u.q95, lang),
          }),
    low: at(u.q05),
    high: at(u.q95),
    median: at(u.median),
    official: at(u.official),
  });
  const step = niceStep(last);
  const ticks = [1, ...Array.from({ length: Math.floor(last / step) }, (_, i) => (i + 1) * step).filter((r) => r > 1 && r <= last)];
  if (ticks[ticks.length - 1] !== last && last - ticks[ticks.length - 1] >= step / 2) ticks.push(last);
  return {
    byCode,
    samples: analysis.spec.samples,
    chart: { rows: shown.map(row), total: analysis.units.length, limited: shown.length < analysis.units.length, ticks: ticks.map((r) => ({ at: at(r) as number, label: r })) },
    sensitivity:
      analysis.sensitivity?.map((s) => ({
        source: s.source,
        label: sourceLabel(s.source, t),
        first: indexText(s.first, lang),
        firstRange: t('pub.intervals.range', { low: indexText(s.firstLow, lang), high: indexText(s.firstHigh, lang) }),
        total: indexText(s.total, lang),
        totalRange: t('pub.intervals.range', { low: indexText(s.totalLow, lang), high: indexText(s.totalHigh, lang) }),
      })) ?? null,
    spec: {
      samples: analysis.spec.samples,
      seed: analysis.spec.seed,
      top: analysis.spec.top,
      sensitivitySamples: analysis.spec.sensitivitySamples,
      sources: sourceWords(analysis.spec.sources, t),
    },
    json,
  };
}

/** A tick every 1, 2, 5, 10, 20, 50, … ranks: about six labels across, readable at 360 px. */
function niceStep(last: number): number {
  const rough = last / 6;
  const power = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power;
  return 10 * power;
}
