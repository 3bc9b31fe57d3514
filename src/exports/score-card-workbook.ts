import type { Writable } from 'node:stream';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { StoredNodeResult } from '../scoring/score-result.entity';
import { describeRule, levelVi } from './ranking-workbook';
import { asciiSlug, ExportWorkbook, num, POINTS_FORMAT, rawValueCell, text, VALUE_FORMAT, vietnamTime, type ExportProgress } from './workbook-kit';

export interface ScoreCardAnswer {
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
}

export interface ScoreCardWorkbookData {
  publication: { id: string; year: number; level: string; version: number; sha256: string; publishedAt: Date };
  framework: { code: string; version: string; nameVi: string; document: Framework };
  unit: { code: string; nameVi: string; unitGroup: string | null };
  result: {
    index: number | null;
    rank: number | null;
    groupRank: number | null;
    ranked: boolean;
    nodes: Record<string, StoredNodeResult | undefined>;
    pillars: Record<string, StoredNodeResult | undefined>;
  };
  /** Units in the publication (for "rank / of"). */
  unitCount: number;
  /** The unit's answers in the cycle, by leaf code. */
  answers: Record<string, ScoreCardAnswer | undefined>;
  /** Values measured by national systems, by leaf code: they replace the unit's answer in scoring. */
  systemValues: Record<string, RawValue | undefined>;
  /**
   * The reviewed value per leaf (final_values settled by the review); missing for a leaf → the reviewed value is the
   * self value. A reviewed value is the one scoring takes, over a system value too.
   */
  reviewed?: Record<string, RawValue | undefined>;
  generatedAt?: Date;
}

export const SCORE_CARD_SHEET = 'Phiếu điểm';
export const SCORE_CARD_COLUMNS = [
  'Mã',
  'Tên',
  'Cấp',
  'Loại',
  'Nguồn dữ liệu',
  'Giá trị tự đánh giá',
  'Giá trị hệ thống',
  'Giá trị thẩm định',
  'Giá trị cuối cùng',
  'Điểm tự chấm',
  'Tỷ lệ đạt (0–1)',
  'Điểm',
  'Điểm tối đa',
  'Đóng góp vào chỉ số',
  'Hạng',
  'Ghi chú của đơn vị',
  'Minh họa (không chính thức)',
  'Quy tắc chấm điểm',
] as const;

export const scoreCardFileName = (p: { year: number; level: string; version: number }, unitCode: string): string =>
  `dti-${p.year}-${p.level.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-v${p.version}-${asciiSlug(unitCode)}-score-card.xlsx`;

const SOURCE_VI: Record<string, string> = { self: 'tự đánh giá', expert: 'chuyên gia', system: 'hệ thống quốc gia', survey: 'khảo sát' };

/**
 * A unit's score card: per node of the framework (tree order) the self, system, reviewed and final values of the
 * leaves, then every node's result (value, points, max, contribution, rank), with the index and ranks on top.
 * The final value is what scoring reads (src/scoring/score-inputs.ts): the reviewed value where the review settled
 * one, else the system value where one was imported, else the unit's own.
 */
export async function writeScoreCardWorkbook(data: ScoreCardWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<void> {
  const { publication: pub, framework, unit, result } = data;
  const doc = framework.document;
  const book = new ExportWorkbook(target);
  const rankText = result.rank !== null ? `hạng ${result.rank}/${data.unitCount}` : 'không xếp hạng';
  const sheet = book.sheet({
    name: SCORE_CARD_SHEET,
    preamble: [
      `${unit.nameVi} (${unit.code}) — ${doc.name.vi}, năm ${pub.year}`,
      `Chỉ số DTI ${result.index ?? '—'} · ${rankText}${result.groupRank !== null ? ` · hạng trong nhóm ${result.groupRank}` : ''} · phiên bản công bố ${pub.version}`,
    ],
    frozenColumns: 2,
    columns: SCORE_CARD_COLUMNS.map((header, i) => ({
      header,
      width: [10, 44, 6, 13, 16, 16, 16, 16, 16, 10, 12, 10, 10, 12, 8, 40, 12, 40][i],
      numFmt: header === 'Tỷ lệ đạt (0–1)' || header === 'Đóng góp vào chỉ số' ? VALUE_FORMAT : header.startsWith('Điểm') ? POINTS_FORMAT : undefined,
    })),
  });
  const maxPoints = doc.nodes.reduce((s, n) => s + (result.nodes[n.code]?.maxPoints ?? n.maxPoints ?? 0), 0);
  const points = doc.nodes.reduce((s, n) => s + (result.nodes[n.code]?.points ?? 0), 0);
  sheet.add([text(doc.code), text(`Chỉ số ${doc.name.vi}`), 0, 'Chỉ số', null, null, null, null, null, null, num(result.index), num(points), num(maxPoints), num(result.index), result.rank, null, null, null]);
  const walk = async (nodes: FrameworkNode[], depth: number) => {
    for (const node of nodes) {
      const leaf = !node.children?.length;
      const main = !leaf && node.children!.every((c) => !c.children?.length);
      const r = result.nodes[node.code];
      const answer = leaf ? data.answers[node.code] : undefined;
      const self = answer?.value ?? null;
      const system = leaf ? (data.systemValues[node.code] ?? null) : null;
      const reviewedValue = leaf ? data.reviewed?.[node.code] : undefined;
      const reviewed = leaf ? (reviewedValue ?? self) : null;
      const final = leaf ? (reviewedValue ?? system ?? self) : null;
      sheet.add([
        text(node.code),
        text(node.name.vi),
        depth + 1,
        leaf ? 'Chỉ tiêu' : main ? 'Chỉ số chính' : 'Nhóm',
        leaf && node.source ? text(SOURCE_VI[node.source] ?? node.source) : null,
        leaf ? rawValueCell(self) : null,
        leaf ? rawValueCell(system) : null,
        leaf ? rawValueCell(reviewed) : null,
        leaf ? rawValueCell(final) : null,
        num(answer?.selfPoints),
        num(r?.value),
        num(r?.points),
        num(r?.maxPoints ?? node.maxPoints),
        num(r?.contribution),
        r?.rank ?? null,
        text(answer?.note),
        node.illustrative ? 'Có' : 'Không',
        leaf ? text(describeRule(node.scoring)) : null,
      ]);
      await sheet.breathe();
      if (node.children) await walk(node.children, depth + 1);
    }
  };
  await walk(doc.nodes, 0);
  for (const p of doc.pillars ?? []) {
    const r = result.pillars[p.code];
    sheet.add([text(p.code), text(p.name.vi), 1, 'Trụ cột', null, null, null, null, null, null, num(r?.value), num(r?.points), num(r?.maxPoints), null, r?.rank ?? null, null, (p as { illustrative?: boolean }).illustrative ? 'Có' : 'Không', null]);
  }
  await sheet.done();
  if (onProgress) await onProgress(0.8);

  await book.infoSheet('Thông tin', `Phiếu điểm ${unit.nameVi} (${unit.code})`, [
    ['Đơn vị', `${unit.nameVi} (${unit.code})`],
    ['Nhóm', unit.unitGroup ?? ''],
    ['Chỉ số DTI', num(result.index)],
    ['Hạng', result.rank],
    ['Hạng trong nhóm', result.groupRank],
    ['Số đơn vị', data.unitCount],
    ['Bộ chỉ số', `${doc.name.vi} (${framework.code} ${framework.version})`],
    ['Năm dữ liệu', pub.year],
    ['Cấp đánh giá', levelVi(pub.level)],
    ['Phiên bản công bố', pub.version],
    ['SHA-256 của bản công bố', pub.sha256],
    ['Công bố lúc (giờ Việt Nam)', vietnamTime(pub.publishedAt)],
    ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
    [
      'Cách đọc',
      'Giá trị cuối cùng là giá trị dùng để chấm: giá trị hệ thống nếu có, nếu không là giá trị thẩm định, nếu chưa thẩm định là giá trị tự đánh giá. ' +
        'Tỷ lệ đạt = điểm / điểm tối đa; đóng góp = phần của chỉ tiêu trong chỉ số. Phương pháp đầy đủ: sheet Phương pháp của bảng xếp hạng.',
    ],
  ]);
  await book.commit();
  if (onProgress) await onProgress(1);
}
