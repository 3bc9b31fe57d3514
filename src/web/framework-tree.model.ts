import type { Aggregation, Framework, FrameworkNode, InputSpec, ScoringRule } from '../engine/framework.model';
import type { FieldChange, FrameworkDiff } from '../frameworks/framework-diff';
import { localName, translator, type Lang, type MessageKey, type Translate } from './i18n';

/** One node of a framework as its page shows it: a group with its children, or an indicator with how it is answered and scored. */
export interface TreeNode {
  code: string;
  name: string;
  kind: 'group' | 'leaf';
  depth: number;
  maxPoints: number | null;
  weight: number | null;
  aggregation: string | null;
  input: string | null;
  scoring: string | null;
  source: string | null;
  evidence: string | null;
  required: boolean;
  illustrative: boolean;
  children: TreeNode[];
}

export interface PillarView {
  code: string;
  name: string;
  aggregation: string | null;
  members: string[];
}

const localText = (text: { vi: string; en?: string } | undefined, lang: Lang) => (text ? localName({ nameVi: text.vi, nameEn: text.en }, lang) : '');

/** An aggregation in the page's words: "Cộng điểm", "Weighted mean". */
export const aggregationText = (aggregation: Aggregation | undefined, t: Translate): string | null => (aggregation ? t(`catalog.agg.${aggregation}`) : null);

/** An input in the page's words: "Tỷ lệ phần trăm 0–100 %", "Several numbers (numerator, denominator)". */
export function inputText(input: InputSpec | undefined, t: Translate): string | null {
  if (!input) return null;
  const range = input.min !== undefined || input.max !== undefined ? ` ${input.min ?? '…'}–${input.max ?? '…'}` : '';
  const names = input.names?.length ? ` (${input.names.join(', ')})` : '';
  return `${t(`catalog.input.${input.type}`)}${range}${names}${input.unit ? ` ${input.unit}` : ''}`;
}

/**
 * A scoring rule in one line of the page's words: "Tỷ lệ so với mục tiêu 100", "Theo ngưỡng ≥0: 0 · ≥50: 5", "Theo
 * phương án Chưa có: 0 · Đầy đủ: 10" (an option by its label where the file gives one). A formula keeps its
 * expression, which is the file's own notation.
 */
export function scoringText(scoring: ScoringRule | undefined, t: Translate, lang: Lang): string | null {
  if (!scoring) return null;
  switch (scoring.rule) {
    case 'ratio':
      return t('catalog.rule.ratio', { target: scoring.target });
    case 'bands':
      return t('catalog.rule.bands', { bands: scoring.bands.map((b) => `≥${b.min}: ${b.points}`).join(' · ') });
    case 'choice':
      return t('catalog.rule.choice', { options: scoring.options.map((o) => `${o.label ? localText(o.label, lang) : o.value}: ${o.points}`).join(' · ') });
    case 'formula':
      return t('catalog.rule.formula', { expression: scoring.expression });
    default:
      return t(`catalog.rule.${scoring.rule}`);
  }
}

function toTree(nodes: FrameworkNode[], depth: number, lang: Lang, t: Translate): TreeNode[] {
  return nodes.map((node) => {
    const leaf = !node.children?.length;
    return {
      code: node.code,
      name: localText(node.name, lang),
      kind: leaf ? 'leaf' : 'group',
      depth,
      maxPoints: node.maxPoints ?? null,
      weight: node.weight ?? null,
      aggregation: aggregationText(node.aggregation, t),
      input: leaf ? inputText(node.input, t) : null,
      scoring: leaf ? scoringText(node.scoring, t, lang) : null,
      source: node.source ?? null,
      evidence: node.evidence ?? null,
      required: node.required !== false,
      illustrative: node.illustrative === true,
      children: leaf ? [] : toTree(node.children ?? [], depth + 1, lang, t),
    };
  });
}

/** How many nodes a tree has, groups and indicators. */
export function countNodes(nodes: Array<{ children?: unknown[] }>): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes((node.children ?? []) as Array<{ children?: unknown[] }>), 0);
}

/** A framework version's tree and pillars in the page's language. */
export function frameworkTree(framework: Framework, lang: Lang): { nodes: TreeNode[]; count: number; leaves: number; pillars: PillarView[] } {
  const t = translator(lang);
  const nodes = toTree(framework.nodes, 1, lang, t);
  const leaves = (list: TreeNode[]): number => list.reduce((sum, n) => sum + (n.kind === 'leaf' ? 1 : leaves(n.children)), 0);
  return {
    nodes,
    count: countNodes(framework.nodes),
    leaves: leaves(nodes),
    pillars: (framework.pillars ?? []).map((p) => ({
      code: p.code,
      name: localText(p.name, lang),
      aggregation: aggregationText(p.aggregation, t),
      members: p.members.map((m) => (m.weight !== undefined ? `${m.node} × ${m.weight}` : m.node)),
    })),
  };
}

const isLocalized = (value: unknown): value is { vi: string; en?: string } =>
  !!value && typeof value === 'object' && typeof (value as { vi?: unknown }).vi === 'string';

/**
 * A changed value for the diff table in the page's words where the field has them (a name, an input, a rule, an
 * aggregation, a source or evidence policy, yes/no), else as short JSON; long ones cut.
 */
function shown(field: string, value: unknown, t: Translate, lang: Lang): string {
  const words = (): string | null => {
    if (value === null || value === undefined) return '—';
    if (isLocalized(value)) return localText(value, lang);
    if (typeof value === 'boolean') return t(value ? 'form.yes' : 'form.no');
    if (field === 'input') return inputText(value as InputSpec, t);
    if (field === 'scoring') return scoringText(value as ScoringRule, t, lang);
    if (field === 'aggregation') return aggregationText(value as Aggregation, t);
    if (field === 'level' && typeof value === 'string') return t(`catalog.level.${value}` as MessageKey);
    if ((field === 'source' || field === 'evidence') && typeof value === 'string' && ['self', 'expert', 'system', 'survey', 'required', 'optional', 'none'].includes(value))
      return t(`catalog.${field}.${value}` as MessageKey);
    return typeof value === 'string' ? value : null;
  };
  const text = words() ?? JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export interface DiffRow {
  code: string;
  field: string;
  from: string;
  to: string;
}

/** FrameworksService's diff as rows for the page, in its language: one per changed field (of the framework, then of each node). */
export function diffRows(diff: FrameworkDiff, lang: Lang): { framework: DiffRow[]; nodes: DiffRow[] } {
  const t = translator(lang);
  const row = (code: string) => (c: FieldChange): DiffRow => ({ code, field: c.field, from: shown(c.field, c.from, t, lang), to: shown(c.field, c.to, t, lang) });
  return { framework: diff.framework.map(row('')), nodes: diff.changed.flatMap((n) => n.fields.map(row(n.code))) };
}

/** The reason CyclesService stores when a cycle's use locks a version ("used by cycle 2022 province (<id>)"). */
const LOCKED_BY_CYCLE = /^used by cycle (\d{4}) (\w+) \([0-9a-f-]+\)$/;

/**
 * Why a version is locked, in the page's words: the cycle that uses it by its year and level (its id is for the audit
 * log); a reason of another shape as stored.
 */
export function lockedText(reason: string | null, t: Translate): string {
  const match = reason ? LOCKED_BY_CYCLE.exec(reason) : null;
  if (!match) return reason ?? '';
  return t('catalog.fw.lockedByCycle', { year: match[1], level: t(`catalog.level.${match[2]}` as MessageKey).toLowerCase() });
}

/** The framework's source note in the page's language: the English note where the file gives one, else the Vietnamese. */
export const sourceText = (framework: Pick<Framework, 'source' | 'sourceEn'>, lang: Lang): string =>
  lang === 'en' && framework.sourceEn ? framework.sourceEn : framework.source;
