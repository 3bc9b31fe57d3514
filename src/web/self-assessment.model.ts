import type { Framework, FrameworkNode, LocalizedText } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { answeredByUnit } from '../submissions/answer-check';
import type { EvidenceView, SubmissionState } from '../submissions/submission.view';
import { typedFromStored, type TypedAnswer } from './form-values';
import type { Lang, Translate } from './i18n';
import { formLockReason } from './phase-note';
import { warningText } from './plausibility-words';
import { reasonText } from './refusal';
import {
  ALL_SECTIONS,
  countStatuses,
  indicatorStatuses,
  passes,
  sectionHref,
  sectionsOf,
  SECTION_FILTERS,
  type IndicatorFlag,
  type IndicatorStatus,
  type SectionCounts,
  type SectionFilter,
} from './self-assessment-sections';
import { APP_PREFIX } from './session';
import { formatNumber } from './view-setup';

export const localized = (text: LocalizedText | undefined, lang: Lang): string => (text ? (lang === 'en' && text.en ? text.en : text.vi) : '');

/** Why a unit's window is shut, in the page's words: the sentence of its reason code (the service's own is English). */
export const windowReason = (state: SubmissionState, t: Translate): string => reasonText(state.window.details, t) ?? t('refusal.windowClosed');

export type FieldKind = 'boolean' | 'choice' | 'number' | 'integer' | 'percent' | 'numbers' | 'text' | 'system';

export interface EvidenceItem {
  id: string;
  kind: string;
  text: string;
  href: string | null;
  external: boolean;
}

export interface EvidenceFormState {
  code: string;
  kind: 'file' | 'citation' | 'link';
  values: Record<string, string>;
  problems: Array<{ field: string; message: string }>;
  /** The file input's own error (a file over the size limit), shown at the field. */
  fileError?: string | null;
}

export interface IndicatorField {
  code: string;
  name: string;
  description: string;
  kind: FieldKind;
  maxPoints: number | null;
  required: boolean;
  evidencePolicy: string;
  manual: boolean;
  typed: TypedAnswer;
  options: Array<{ value: string; label: string }>;
  parts: Array<{ name: string; label: string }>;
  min: number | null;
  max: number | null;
  step: string;
  unit: string | null;
  systemValue: string | null;
  evidence: EvidenceItem[];
  error: string | null;
  /** The plausibility warnings the stored answer was saved with, in the page's words (shown beside it, never refused). */
  warnings: string[];
  missing: Array<'value' | 'evidence'>;
  evidenceForm: EvidenceFormState | null;
  section: string;
  status: IndicatorStatus;
}

export interface ScoreRow {
  code: string;
  name: string;
  level: 0 | 1;
  points: number | null;
  maxPoints: number | null;
}

export interface SelfAssessmentGroup {
  code: string;
  name: string;
  mains: Array<{ code: string; name: string; fields: IndicatorField[] }>;
}

/** A section in the menu: its counts, its address (with the filter shown now), whether it is shown. */
export interface SectionView {
  code: string;
  name: string;
  counts: SectionCounts;
  href: string;
  current: boolean;
}

/** The menu's sections under their top-level group (code null: the sections are the top-level nodes). */
export interface SectionMenuGroup {
  code: string | null;
  name: string;
  sections: SectionView[];
}

export interface FilterLink {
  key: SectionFilter;
  count: number;
  href: string;
  current: boolean;
}

/** The whole form at a glance: own indicators answered, evidence, what needs attention, each linked to its list. */
export interface AssessmentSummary {
  total: number;
  answered: number;
  todo: number;
  /** Indicators with at least one piece of evidence, of those that take it. */
  evidenceWith: number;
  evidenceTaking: number;
  /** Required evidence not attached yet. */
  evidenceMissing: number;
  flagged: number;
  stale: number;
  hrefs: Record<'todo' | 'flagged' | 'stale', string>;
}

/** Which part of the form is shown: one section (or all of them) under one filter. */
export interface AssessmentView {
  section: string;
  filter: SectionFilter;
}

export interface SelfAssessmentModel {
  /** The shown part: the current section's indicators that pass the filter. */
  groups: SelfAssessmentGroup[];
  /** The current section's name, or null for the whole form. */
  sectionName: string | null;
  shownCount: number;
  view: AssessmentView;
  menu: SectionMenuGroup[];
  allHref: string;
  allCurrent: boolean;
  filters: FilterLink[];
  summary: AssessmentSummary;
  previous: { code: string; name: string; href: string } | null;
  next: { code: string; name: string; href: string } | null;
  scoreRows: ScoreRow[];
  index: number | null;
  /** What is missing before submit in the shown section (everywhere, for the whole form)... */
  missing: Array<{ code: string; name: string; what: 'value' | 'evidence' }>;
  /** ... and how much in each other section, one line each: the list stays short on a phone. */
  missingElsewhere: Array<{ code: string; name: string; count: number; href: string }>;
  writable: boolean;
  lockedReason: string | null;
}

const PART_LABELS: Record<string, Record<Lang, string>> = {
  numerator: { vi: 'Tử số', en: 'Numerator' },
  denominator: { vi: 'Mẫu số', en: 'Denominator' },
};

/** A value as a person reads it (numbers in the page's language: 33,50 / 33.50). */
export function displayValue(value: RawValue | undefined, lang: Lang, t: Translate, leaf?: FrameworkNode): string {
  if (value === null || value === undefined) return t('form.noValue');
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (typeof value === 'number') {
    const text = formatNumber(value, Number.isInteger(value) ? 0 : 2, lang);
    return leaf?.input?.type === 'percent' ? `${text} %` : text;
  }
  if (typeof value === 'string') {
    if (leaf?.scoring?.rule === 'choice') {
      const option = leaf.scoring.options.find((o) => o.value === value);
      if (option?.label) return localized(option.label, lang);
    }
    return value;
  }
  return Object.entries(value)
    .map(([k, v]) => `${PART_LABELS[k]?.[lang] ?? k}: ${displayValue(v as RawValue, lang, t)}`)
    .join('; ');
}

export function evidenceItems(list: EvidenceView[], cycleId: string, unitId: string): EvidenceItem[] {
  return list.map((e) => {
    if (e.kind === 'file') {
      return { id: e.id, kind: e.kind, text: e.fileName ?? 'file', href: `${APP_PREFIX}/cycles/${cycleId}/units/${unitId}/evidence/${e.id}/download`, external: false };
    }
    if (e.kind === 'link') return { id: e.id, kind: e.kind, text: e.label ?? e.url ?? '', href: e.url, external: true };
    const parts = [e.documentNumber, e.documentTitle, e.issuedOn].filter(Boolean).join(' · ');
    return { id: e.id, kind: e.kind, text: parts, href: null, external: false };
  });
}

function kindOf(leaf: FrameworkNode): FieldKind {
  if (!answeredByUnit(leaf)) return 'system';
  return (leaf.input?.type ?? 'text') as FieldKind;
}

/**
 * The self-assessment page: the framework's leaves grouped by group and main indicator, each with its field of the
 * right kind filled with what was typed (after a refused save) or stored, its evidence and problems; the running
 * self-score per group and main indicator, and what is still missing before submit (both from the service's state).
 * One section is shown at a time (or all, view.section 'all'), under a filter; the menu counts every section.
 */
export function buildSelfAssessment(
  framework: Framework,
  state: SubmissionState,
  options: {
    lang: Lang;
    t: Translate;
    /** The form page's address, which the section and filter links extend. */
    base: string;
    view: AssessmentView;
    flags?: Record<string, IndicatorFlag[]>;
    typed?: Record<string, TypedAnswer>;
    errors?: Record<string, string>;
    evidenceForm?: EvidenceFormState | null;
  },
): SelfAssessmentModel {
  const { lang, t, base, view } = options;
  const { cycleId, unitId } = state.submission;
  const sectionOf = sectionsOf(framework);
  const statuses = indicatorStatuses(framework, state, options.flags);
  const missingOf = new Map<string, Array<'value' | 'evidence'>>();
  for (const m of state.missing) missingOf.set(m.indicatorCode, [...(missingOf.get(m.indicatorCode) ?? []), m.missing]);
  const groups: SelfAssessmentGroup[] = [];
  const scoreRows: ScoreRow[] = [];
  const nodeScore = (node: FrameworkNode) => state.selfScore.nodes[node.code];
  const names = new Map<string, string>();
  for (const { node: leaf, ancestors } of frameworkLeaves(framework)) {
    const groupNode = ancestors[0] ?? leaf;
    const mainNode = ancestors[1] ?? groupNode;
    let group = groups.find((g) => g.code === groupNode.code);
    if (!group) {
      group = { code: groupNode.code, name: localized(groupNode.name, lang), mains: [] };
      groups.push(group);
      scoreRows.push({ code: groupNode.code, name: group.name, level: 0, points: nodeScore(groupNode)?.points ?? null, maxPoints: nodeScore(groupNode)?.maxPoints ?? groupNode.maxPoints ?? null });
    }
    let main = group.mains.find((m) => m.code === mainNode.code);
    if (!main) {
      main = { code: mainNode.code, name: localized(mainNode.name, lang), fields: [] };
      group.mains.push(main);
      if (mainNode !== groupNode) {
        scoreRows.push({ code: mainNode.code, name: main.name, level: 1, points: nodeScore(mainNode)?.points ?? null, maxPoints: nodeScore(mainNode)?.maxPoints ?? mainNode.maxPoints ?? null });
      }
    }
    const stored = state.answers[leaf.code];
    names.set(leaf.code, localized(leaf.name, lang));
    const kind = kindOf(leaf);
    const options_ = leaf.scoring?.rule === 'choice' ? leaf.scoring.options.map((o) => ({ value: o.value, label: o.label ? localized(o.label, lang) : o.value })) : [];
    const input = leaf.input;
    const percent = input?.type === 'percent';
    main.fields.push({
      code: leaf.code,
      name: localized(leaf.name, lang),
      description: localized(leaf.description, lang),
      kind,
      maxPoints: leaf.maxPoints ?? null,
      required: leaf.required !== false,
      evidencePolicy: leaf.evidence ?? 'optional',
      manual: leaf.scoring?.rule === 'manual',
      typed: options.typed?.[leaf.code] ?? typedFromStored(leaf, stored?.value, stored?.note, stored?.selfPoints, lang),
      options: options_,
      parts: (input?.names ?? []).map((name) => ({ name, label: PART_LABELS[name]?.[lang] ?? name })),
      min: percent ? Math.max(0, input?.min ?? 0) : (input?.min ?? null),
      max: percent ? Math.min(100, input?.max ?? 100) : (input?.max ?? null),
      step: input?.type === 'integer' ? '1' : 'any',
      unit: input?.unit ?? null,
      systemValue: kind === 'system' ? displayValue(state.systemValues[leaf.code], lang, t, leaf) : null,
      evidence: evidenceItems(state.evidence[leaf.code] ?? [], cycleId, unitId),
      error: options.errors?.[leaf.code] ?? null,
      warnings: (stored?.warnings ?? []).map((w) => warningText(t, w, lang)),
      missing: missingOf.get(leaf.code) ?? [],
      evidenceForm: options.evidenceForm?.code === leaf.code ? options.evidenceForm : null,
      section: sectionOf.get(leaf.code)!.code,
      status: statuses.get(leaf.code)!,
    });
  }
  const submitted = state.submission.status === 'submitted';
  const parts = sectionParts(groups, view, base);
  const inView = (f: IndicatorField) => view.section === ALL_SECTIONS || f.section === view.section;
  const fields = groups.flatMap((g) => g.mains.flatMap((m) => m.fields));
  const shown = pruned(groups, (f) => inView(f) && passes(f.status, view.filter));
  const all = [...statuses.values()];
  const link = (filter: SectionFilter) => sectionHref(base, ALL_SECTIONS, filter);
  return {
    groups: shown,
    sectionName: parts.current?.name ?? null,
    shownCount: shown.reduce((n, g) => n + g.mains.reduce((k, m) => k + m.fields.length, 0), 0),
    view,
    menu: parts.menu,
    allHref: sectionHref(base, ALL_SECTIONS, view.filter),
    allCurrent: view.section === ALL_SECTIONS,
    filters: SECTION_FILTERS.map((key) => ({
      key,
      count: fields.filter((f) => inView(f) && passes(f.status, key)).length,
      href: sectionHref(base, view.section, key),
      current: key === view.filter,
    })),
    summary: {
      ...summaryCounts(fields, all),
      hrefs: { todo: link('todo'), flagged: link('flagged'), stale: link('stale') },
    },
    previous: parts.previous,
    next: parts.next,
    scoreRows,
    index: state.selfScore.index,
    missing: state.missing
      .filter((m) => view.section === ALL_SECTIONS || sectionOf.get(m.indicatorCode)?.code === view.section)
      .map((m) => ({ code: m.indicatorCode, name: names.get(m.indicatorCode) ?? m.name, what: m.missing })),
    missingElsewhere:
      view.section === ALL_SECTIONS
        ? []
        : [...parts.menu.flatMap((g) => g.sections)]
            .filter((section) => section.code !== view.section)
            .map((section) => ({
              code: section.code,
              name: section.name,
              count: state.missing.filter((m) => sectionOf.get(m.indicatorCode)?.code === section.code).length,
              href: sectionHref(base, section.code, 'all'),
            }))
            .filter((line) => line.count > 0),
    writable: state.window.writable && !submitted,
    lockedReason: formLockReason(state, t),
  };
}

/** The groups with only the fields that pass, empty main indicators and groups left out. */
function pruned(groups: SelfAssessmentGroup[], keep: (f: IndicatorField) => boolean): SelfAssessmentGroup[] {
  return groups
    .map((g) => ({ ...g, mains: g.mains.map((m) => ({ ...m, fields: m.fields.filter(keep) })).filter((m) => m.fields.length) }))
    .filter((g) => g.mains.length);
}

function summaryCounts(fields: IndicatorField[], statuses: IndicatorStatus[]): Omit<AssessmentSummary, 'hrefs'> {
  const counts = countStatuses(statuses);
  const taking = fields.filter((f) => f.evidencePolicy !== 'none');
  return {
    total: counts.total,
    answered: counts.done,
    todo: counts.todo,
    evidenceWith: taking.filter((f) => f.evidence.length > 0).length,
    evidenceTaking: taking.length,
    evidenceMissing: fields.filter((f) => f.missing.includes('evidence')).length,
    flagged: counts.flagged,
    stale: counts.stale,
  };
}

/** The menu (each section with its counts, under its group), the current section and its neighbours. */
function sectionParts(groups: SelfAssessmentGroup[], view: AssessmentView, base: string) {
  const menu: SectionMenuGroup[] = [];
  const order: SectionView[] = [];
  for (const g of groups) {
    const flat = g.mains.length === 1 && g.mains[0].code === g.code;
    const entry: SectionMenuGroup = { code: flat ? null : g.code, name: g.name, sections: [] };
    for (const m of g.mains) {
      const section: SectionView = {
        code: m.code,
        name: m.name,
        counts: countStatuses(m.fields.map((f) => f.status)),
        href: sectionHref(base, m.code, view.filter),
        current: m.code === view.section,
      };
      entry.sections.push(section);
      order.push(section);
    }
    // Top-level nodes that are sections themselves share one untitled list.
    const last = menu[menu.length - 1];
    if (flat && last && last.code === null) last.sections.push(...entry.sections);
    else menu.push(entry);
  }
  const at = order.findIndex((s) => s.current);
  const near = (s: SectionView | undefined) => (s ? { code: s.code, name: s.name, href: sectionHref(base, s.code, view.filter, '#sa-view') } : null);
  return { menu, current: at >= 0 ? order[at] : null, previous: at > 0 ? near(order[at - 1]) : null, next: at >= 0 ? near(order[at + 1]) : null };
}
