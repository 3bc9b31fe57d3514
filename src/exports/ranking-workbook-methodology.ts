import type { Framework, FrameworkNode, Normalization, ScoringRule } from '../engine/framework.model';
import type { PrintSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { BANNER_HEADER } from '../workbooks/workbook-styles';

/**
 * "Phương pháp": the framework a publication was scored by, in Vietnamese words only: the rules, aggregations,
 * input types and normalisations by what they do, a formula with its inputs named in Vietnamese. The framework
 * file's own codes (boolean, ratio, numerator…) are for machines and never shown here.
 */

export const METHOD_SHEET = 'Phương pháp';

const AGGREGATION_VI: Record<string, string> = { points: 'cộng điểm', weighted_mean: 'trung bình có trọng số', geometric_mean: 'trung bình nhân' };
const SOURCE_VI: Record<string, string> = { self: 'tự đánh giá', expert: 'chuyên gia', system: 'hệ thống quốc gia', survey: 'khảo sát' };
const EVIDENCE_VI: Record<string, string> = { required: 'bắt buộc', optional: 'không bắt buộc', none: 'không cần' };
const INPUT_VI: Record<string, string> = {
  boolean: 'có/không',
  number: 'số',
  percent: 'tỷ lệ phần trăm',
  integer: 'số nguyên',
  choice: 'lựa chọn',
  numbers: 'nhiều số',
  text: 'văn bản',
};
/** The named inputs a formula reads, and its own variable (maxPoints), in words. */
const FORMULA_NAMES_VI: Record<string, string> = { numerator: 'tử số', denominator: 'mẫu số', maxPoints: 'điểm tối đa' };

export const sourceVi = (source: string): string => SOURCE_VI[source] ?? source;
export const inputVi = (type: string): string => INPUT_VI[type] ?? type;

/** A formula in words: its names in Vietnamese, × for *, "nếu … thì … , không thì …" for a ? b : c. */
export function describeFormula(expression: string): string {
  const named = expression.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => FORMULA_NAMES_VI[name] ?? name).replace(/\*/g, '×');
  const conditional = /^(.+?)\s*\?\s*(.+?)\s*:\s*(.+)$/.exec(named);
  return conditional ? `nếu ${conditional[1]} thì ${conditional[2]}, không thì ${conditional[3]}` : named;
}

/** A scoring rule in Vietnamese, e.g. "theo ngưỡng: từ 0 → 0 điểm; từ 30 → 3 điểm". */
export function describeRule(rule: ScoringRule | undefined): string {
  if (!rule) return '';
  switch (rule.rule) {
    case 'boolean':
      return 'có/không: có → điểm tối đa, không → 0';
    case 'ratio':
      return `theo tỷ lệ: điểm tối đa × min(giá trị / ${rule.target}, 1)`;
    case 'bands':
      return `theo ngưỡng: ${rule.bands.map((b) => `từ ${b.min} → ${b.points} điểm`).join('; ')}`;
    case 'choice':
      return `theo lựa chọn: ${rule.options.map((o) => `${o.label?.vi ?? o.value} → ${o.points} điểm`).join('; ')}`;
    case 'formula':
      return `theo công thức: ${describeFormula(rule.expression)}`;
    case 'manual':
      return 'chuyên gia chấm điểm';
  }
}

/** A normalisation across the units of a run, in Vietnamese. */
export function describeNormalization(n: Normalization | undefined): string {
  if (!n || n.method === 'none') return '';
  switch (n.method) {
    case 'minmax':
      return `chuẩn hóa theo giá trị nhỏ nhất và lớn nhất về khoảng [${n.lower ?? 0}, ${n.upper ?? 1}]`;
    case 'zscore':
      return `chuẩn hóa theo độ lệch chuẩn (trung bình ${n.mean ?? 0}, độ lệch chuẩn ${n.sd ?? 1})`;
    case 'goalposts':
      return `theo mốc cố định: từ ${n.min} đến ${n.max}`;
    case 'target':
      return `theo khoảng cách tới mục tiêu ${n.target}`;
  }
}

type MethodRow = { node: FrameworkNode; depth: number } | { pillar: NonNullable<Framework['pillars']>[number] };

/** "Phương pháp": the framework's name and source, then its tree, then its pillars. */
export function methodologySheet(doc: Framework, print: PrintSpec): SheetSpec<MethodRow> {
  return {
    name: METHOD_SHEET,
    title: [`${doc.name.vi} (${doc.code} ${doc.version})`, `Nguồn: ${doc.source}`],
    header: BANNER_HEADER,
    frozen: { columns: 2 },
    autoFilter: true,
    print,
    columns: [
      { header: 'Mã', width: 10, kind: 'text' },
      { header: 'Tên', width: 40, kind: 'text' },
      { header: 'Cấp', width: 6 },
      { header: 'Loại', width: 14 },
      { header: 'Điểm tối đa', width: 10, kind: 'number' },
      { header: 'Trọng số', width: 9, kind: 'number' },
      { header: 'Cách tổng hợp', width: 16, kind: 'text' },
      { header: 'Kiểu dữ liệu', width: 14, kind: 'text' },
      { header: 'Quy tắc chấm điểm', width: 44, kind: 'text' },
      { header: 'Chuẩn hóa', width: 20, kind: 'text' },
      { header: 'Nguồn dữ liệu', width: 16, kind: 'text' },
      { header: 'Minh chứng', width: 14, kind: 'text' },
      { header: 'Minh họa (không chính thức)', width: 12 },
      { header: 'Mô tả', width: 60, kind: 'text' },
    ],
    rows: [...methodRows(doc.nodes, 0), ...(doc.pillars ?? []).map((pillar) => ({ pillar }))],
    row: (r) => ('node' in r ? nodeMethodCells(doc, r.node, r.depth) : pillarMethodCells(r.pillar)),
  };
}

/** The framework's nodes depth first, each with its depth. */
function* methodRows(nodes: FrameworkNode[], depth: number): Iterable<MethodRow> {
  for (const node of nodes) {
    yield { node, depth };
    if (node.children) yield* methodRows(node.children, depth + 1);
  }
}

const aggregationVi = (aggregation: string): string => AGGREGATION_VI[aggregation] ?? aggregation;

function nodeMethodCells(doc: Framework, n: FrameworkNode, depth: number): RowCells {
  const group = Boolean(n.children?.length);
  const main = group && n.children!.every((c) => !c.children?.length);
  return [
    n.code,
    n.name.vi,
    depth + 1,
    group ? (main ? 'Chỉ số chính' : 'Nhóm') : 'Chỉ tiêu',
    n.maxPoints,
    n.weight ?? 1,
    group ? aggregationVi(n.aggregation ?? doc.aggregation) : null,
    n.input ? inputVi(n.input.type) : null,
    n.maxPoints === 0 ? 'thu thập, không tính điểm' : describeRule(n.scoring),
    describeNormalization(n.normalization),
    n.source ? sourceVi(n.source) : null,
    n.evidence ? (EVIDENCE_VI[n.evidence] ?? n.evidence) : null,
    n.illustrative ? 'Có' : 'Không',
    n.description?.vi,
  ];
}

function pillarMethodCells(p: NonNullable<Framework['pillars']>[number]): RowCells {
  return [
    p.code,
    p.name.vi,
    1,
    'Trụ cột',
    null,
    null,
    aggregationVi(p.aggregation ?? 'points'),
    null,
    `thành phần: ${p.members.map((m) => (m.weight !== undefined ? `${m.node} × ${m.weight}` : m.node)).join(', ')}`,
    null,
    null,
    null,
    (p as { illustrative?: boolean }).illustrative ? 'Có' : 'Không',
    (p as { description?: { vi?: string } }).description?.vi,
  ];
}
