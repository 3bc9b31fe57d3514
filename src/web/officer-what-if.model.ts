import type { WhatIfAnswer } from '../analysis/what-if.service';
import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { LeafEntry } from '../frameworks/framework-tree';
import type { Lang, Translate } from './i18n';
import { formatNumber } from './view-setup';
import { displayValue, localized } from './self-assessment.model';

/** One indicator of the what-if form: how it is typed, and its published final value. */
export interface WhatIfField {
  code: string;
  label: string;
  name: string;
  kind: 'boolean' | 'choice' | 'number' | 'points';
  /** The published value shown beside the field. */
  current: string;
  /** What the field holds: the assumed value sent, else the published one (a form field's text). */
  value: string;
  options: Array<{ value: string; label: string }>;
  min: number | null;
  max: number | null;
  step: string;
}

const FIELD = /^values\[(.+)\]$/;

/** A published value as a form field's text: what the field shows when nothing was assumed. */
function fieldText(value: RawValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? '' : String(value);
}

function kindOf(leaf: FrameworkNode): WhatIfField['kind'] | null {
  if (leaf.scoring?.rule === 'manual') return 'points';
  const type = leaf.input?.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'choice' || leaf.scoring?.rule === 'choice') return 'choice';
  if (type === 'number' || type === 'percent' || type === 'integer') return 'number';
  // numbers (a formula's several figures) and text: not one value to assume.
  return null;
}

/**
 * The form's fields, one per leaf with one value to assume (scored: maxPoints not 0), in the framework's order,
 * each holding the assumed value sent (`sent`, the form's fields) or the published one.
 */
export function whatIfFields(
  leaves: Map<string, LeafEntry>,
  values: Record<string, RawValue>,
  manualPoints: Record<string, number>,
  sent: Record<string, string>,
  lang: Lang,
  t: Translate,
): WhatIfField[] {
  const fields: WhatIfField[] = [];
  for (const { node } of leaves.values()) {
    const kind = kindOf(node);
    if (!kind || node.maxPoints === 0) continue;
    const published = kind === 'points' ? manualPoints[node.code] : values[node.code];
    const current = kind === 'points' ? (published === undefined ? t('form.noValue') : formatNumber(published as number, 2, lang)) : displayValue(published, lang, t, node);
    const range = node.input?.type === 'percent' ? { min: 0, max: 100 } : { min: node.input?.min ?? null, max: node.input?.max ?? null };
    fields.push({
      code: node.code,
      label: `${node.code} · ${localized(node.name, lang)}`,
      name: `values[${node.code}]`,
      kind,
      current,
      value: Object.hasOwn(sent, node.code) ? sent[node.code] : fieldText(published),
      options:
        kind === 'boolean'
          ? [
              { value: 'true', label: t('form.yes') },
              { value: 'false', label: t('form.no') },
            ]
          : kind === 'choice' && node.scoring?.rule === 'choice'
            ? node.scoring.options.map((o) => ({ value: o.value, label: o.label ? localized(o.label, lang) : o.value }))
            : [],
      min: kind === 'points' ? 0 : range.min,
      max: kind === 'points' ? (node.maxPoints ?? null) : range.max,
      step: node.input?.type === 'integer' ? '1' : 'any',
    });
  }
  return fields;
}

/** The form's fields by leaf code (urlencoded with extended: false, so `values[NT.01]` is a field's whole name). */
export function sentValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const m = FIELD.exec(name);
    if (m && typeof value === 'string') out[m[1]] = value;
  }
  return out;
}

/**
 * The changes of a form: the fields whose text differs from the published value's, typed as the API takes them
 * (a boolean, a number, a choice's value; empty: null). A number that does not read as one is sent as typed, and
 * the engine refuses it, naming the leaf.
 */
export function formChanges(fields: WhatIfField[], published: Record<string, string>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const f of fields) {
    const text = f.value.trim();
    if (text === (published[f.code] ?? '')) continue;
    if (text === '') changes[f.code] = null;
    else if (f.kind === 'boolean') changes[f.code] = text === 'true';
    else if (f.kind === 'number' || f.kind === 'points') changes[f.code] = Number.isFinite(Number(text)) ? Number(text) : text;
    else changes[f.code] = text;
  }
  return changes;
}

/** The result as the page shows it: before → after, the move in places, and the cheapest three in words. */
export function whatIfView(answer: WhatIfAnswer, leaves: Map<string, LeafEntry>, changed: string[], lang: Lang, t: Translate) {
  const move = (from: number | null, to: number | null): string => {
    if (from === null || to === null) return '';
    if (to < from) return t('ofc.whatIf.up', { places: from - to });
    if (to > from) return t('ofc.whatIf.down', { places: to - from });
    return t('ofc.whatIf.same');
  };
  const show = (code: string, value: RawValue): string => {
    const leaf = leaves.get(code)?.node;
    return leaf?.scoring?.rule === 'manual' && typeof value === 'number' ? t('ofc.card.pointsGiven', { points: formatNumber(value, 2, lang) }) : displayValue(value, lang, t, leaf);
  };
  return {
    changed: changed.length ? t('ofc.whatIf.changed', { count: changed.length, codes: changed.join(', ') }) : t('ofc.whatIf.unchanged'),
    before: answer.before,
    after: answer.after,
    move: move(answer.before.rank, answer.after.rank),
    estimate: answer.exact ? null : t('ofc.whatIf.estimate', { codes: answer.moved.join(', ') }),
    cheapest: answer.cheapest.map((c) => ({
      code: c.code,
      text: t('ofc.whatIf.step', { code: c.code, name: localized(leaves.get(c.code)?.node.name, lang) || c.nameVi, from: show(c.code, c.from), to: show(c.code, c.to) }),
      result: t('ofc.whatIf.stepResult', {
        index: c.indexRounded === null ? '—' : formatNumber(c.indexRounded, 4, lang),
        rank: c.rank ?? '—',
        change: c.rankGain > 0 ? t('ofc.whatIf.up', { places: c.rankGain }) : t('ofc.whatIf.indexUp'),
      }),
      exact: c.exact,
    })),
  };
}
