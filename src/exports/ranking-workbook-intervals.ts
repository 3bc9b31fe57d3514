import type { AnalysisResult, AnalysisSensitivityRow, AnalysisSourcesSpec, AnalysisUnitResult } from '../analysis/analysis-result';
import type { PrintSpec, SheetSpec } from '../workbooks/sheet-spec';
import { num } from '../workbooks/write-cells';
import { BANNER_HEADER } from '../workbooks/workbook-styles';

/**
 * The ranking workbook's sheets of the publication's uncertainty analysis (issue #22 point 4), only when it has one:
 * "Độ tin cậy thứ hạng" (each unit's published, median, 5 % and 95 % rank, P(top k), P(keeping its rank)) and, when
 * the sensitivity was computed, "Độ nhạy theo nguồn" (each source's first-order and total index with its interval).
 * The numbers are the snapshot's, as the public API serves them.
 */

export const INTERVAL_SHEET = 'Độ tin cậy thứ hạng';
export const SENSITIVITY_SHEET = 'Độ nhạy theo nguồn';

const SOURCE_VI: Record<string, string> = {
  weights: 'Trọng số',
  aggregation: 'Cách tổng hợp',
  normalisation: 'Cách chuẩn hóa',
  reviewers: 'Khác biệt giữa các chuyên gia thẩm định',
};
export const analysisSourceVi = (source: string): string => SOURCE_VI[source] ?? source;

/** The declared sources in Vietnamese words, as the ranking page says them. */
export function analysisSourcesVi(sources: AnalysisSourcesSpec): string {
  const out: string[] = [];
  const w = sources.weights;
  if (w?.kind === 'range') out.push(`trọng số mỗi trụ cột thay đổi trong khoảng ±${Math.round(w.factor * 1000) / 10} % quanh trọng số chính thức`);
  if (w?.kind === 'dirichlet') out.push(`trọng số rút theo phân phối Dirichlet quanh trọng số chính thức (độ tập trung ${w.concentration})`);
  if (sources.aggregation) out.push('tổng hợp các trụ cột theo trung bình cộng hoặc trung bình nhân');
  if (sources.normalisation?.length) out.push(`chuẩn hóa theo một trong các cách: ${sources.normalisation.join(', ')}`);
  if (sources.reviewers) out.push('mỗi giá trị thẩm định lấy ngẫu nhiên từ quyết định của các chuyên gia được phân công');
  return out.join('; ');
}

/** The analysis in one line of words: samples, seed, sources. */
export function analysisSpecVi(analysis: AnalysisResult): string {
  const s = analysis.spec;
  return `${s.samples} lần mô phỏng Monte Carlo, hạt giống ngẫu nhiên (seed) ${s.seed}; nguồn bất định: ${analysisSourcesVi(s.sources)}`;
}

const RANK_FORMAT = '0.#';
const SHARE_FORMAT = '0.0%';
const INDEX_FORMAT = '0.000';

/** What the sheets take of the workbook: its title and how it prints. */
export interface IntervalBook {
  title: string;
  print: PrintSpec;
}

/** "Độ tin cậy thứ hạng": every unit of the analysis, in its order (published rank, then code; unranked last). */
export function intervalSheet(analysis: AnalysisResult, namesByCode: Map<string, string>, book: IntervalBook): SheetSpec<AnalysisUnitResult> {
  const top = analysis.spec.top;
  return {
    name: INTERVAL_SHEET,
    title: [
      `Độ tin cậy của thứ hạng — ${book.title}`,
      `Khoảng thứ hạng 5–95 %: trong 90 % số lần xếp hạng lại với các giả định thay đổi, thứ hạng của đơn vị nằm trong khoảng này. ${analysisSpecVi(analysis)}.`,
    ],
    header: BANNER_HEADER,
    frozen: { columns: 3 },
    autoFilter: true,
    print: book.print,
    columns: [
      { header: 'Mã', width: 8, kind: 'text' },
      { header: 'Đơn vị', width: 26, kind: 'text' },
      { header: 'Hạng công bố', width: 10 },
      { header: 'Hạng trung vị', width: 10, numFmt: RANK_FORMAT },
      { header: 'Hạng 5 %', width: 10, numFmt: RANK_FORMAT },
      { header: 'Hạng 95 %', width: 10, numFmt: RANK_FORMAT },
      { header: 'Hạng trung bình', width: 11, numFmt: '0.00' },
      { header: `Xác suất vào top ${top}`, width: 13, numFmt: SHARE_FORMAT },
      { header: 'Xác suất giữ hạng', width: 13, numFmt: SHARE_FORMAT },
    ],
    rows: analysis.units,
    row: (u) => [u.code, namesByCode.get(u.code) ?? u.code, u.official > 0 ? u.official : null, num(u.median), num(u.q05), num(u.q95), num(u.mean), num(u.pTop), num(u.pKeep)],
  };
}

/** "Độ nhạy theo nguồn": each source's indices with their intervals; null when the sensitivity was not computed. */
export function sensitivitySheet(analysis: AnalysisResult, book: IntervalBook): SheetSpec<AnalysisSensitivityRow> | null {
  if (!analysis.sensitivity) return null;
  return {
    name: SENSITIVITY_SHEET,
    title: [
      `Độ nhạy của thứ hạng theo từng nguồn bất định — ${book.title}`,
      'Chỉ số bậc nhất: phần biến động của thứ hạng do riêng nguồn đó; chỉ số toàn phần: kể cả tác động qua lại với các nguồn khác (0: không ảnh hưởng, 1: quyết định toàn bộ). Cận dưới, cận trên: khoảng tin cậy 90 % (bootstrap, phân vị 5–95 %).',
    ],
    header: BANNER_HEADER,
    print: book.print,
    columns: [
      { header: 'Nguồn bất định', width: 30, kind: 'text' },
      { header: 'Mã nguồn', width: 14, kind: 'text' },
      { header: 'Bậc nhất', width: 11, numFmt: INDEX_FORMAT },
      { header: 'Bậc nhất – cận dưới', width: 12, numFmt: INDEX_FORMAT },
      { header: 'Bậc nhất – cận trên', width: 12, numFmt: INDEX_FORMAT },
      { header: 'Toàn phần', width: 11, numFmt: INDEX_FORMAT },
      { header: 'Toàn phần – cận dưới', width: 12, numFmt: INDEX_FORMAT },
      { header: 'Toàn phần – cận trên', width: 12, numFmt: INDEX_FORMAT },
    ],
    rows: analysis.sensitivity,
    row: (s) => [analysisSourceVi(s.source), s.source, num(s.first), num(s.firstLow), num(s.firstHigh), num(s.total), num(s.totalLow), num(s.totalHigh)],
  };
}
