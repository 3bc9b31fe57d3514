import type { AnalysisResult } from '../analysis/analysis-result';
import type { RankingPageModel } from './ranking-page.model';
import { rankingIntervals, type RankingIntervals } from './ranking-intervals.model';

/** What the ranking page's model gains from its publication's analysis (ranking-interval*.njk); null: published without one. */
export interface RankingIntervalsPage {
  intervals: RankingIntervals | null;
}

/** The public API's address of a publication's analysis (the version kept when the page names one). */
export const analysisPath = (year: number, level: string, version?: number): string =>
  `/api/v1/public/rankings/${year}/${level}/analysis${version !== undefined ? `?version=${version}` : ''}`;

/** The page's intervals, with the units' names as the page shows them (in its language). */
export function rankingIntervalsOf(analysis: AnalysisResult | null, page: RankingPageModel, versionAsked: number | undefined): RankingIntervalsPage {
  if (!analysis) return { intervals: null };
  const names = new Map(page.sections.flatMap((s) => s.rows.map((r) => [r.code, r.name] as const)));
  return { intervals: rankingIntervals(analysis, names, page.t, page.lang, analysisPath(page.year, page.level, versionAsked)) };
}
