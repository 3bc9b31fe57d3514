import { formText, type FormBody } from './form-values';
import type { Translate } from './i18n';
import { serviceRefusal, type RefusedField } from './refusal';

/** One problem of a refused form as the catalog pages show it: the field's label, the rule in words, a link to the field. */
export interface PageProblem {
  field: string;
  rule: string;
  message: string;
  href: string | null;
}

/** A refusal of a service on a catalog page: its status, the problems, and each field's own message. */
export interface Refusal {
  status: number;
  problems: PageProblem[];
  byField: Record<string, string>;
}

/** How the fields of a form are named on the page: a label (in the page's language) and the input's id. */
export type FieldLabels = Record<string, { label: string; id: string }>;

/**
 * A service's refusal (DomainException, 4xx) as page problems in the page's language (serviceRefusal), fields named by
 * their label and linked to their input; a refusal without field details (a conflict: "code: ... is already valid
 * ...") names the field its message starts with, with the sentence of its code. Anything else (a 5xx, a bug) is null:
 * the caller throws it on to the error page.
 */
export function catalogRefusal(error: unknown, t: Translate, fields: FieldLabels): Refusal | null {
  const refusal = serviceRefusal(error, t);
  if (!refusal) return null;
  const details: RefusedField[] = refusal.fields.length ? refusal.fields : [{ field: '', rule: '', message: '', text: refusal.message }];
  const byField: Record<string, string> = {};
  const problems = details.map((p) => {
    const known = fields[p.field];
    if (known && !byField[p.field]) byField[p.field] = p.text;
    const label = known?.label ?? p.field;
    return { field: p.field, rule: p.rule, message: label ? `${label}: ${p.text}` : p.text, href: known ? `#${known.id}` : null };
  });
  return { status: refusal.status, problems, byField };
}

/** The text fields of a form, trimmed, by name. */
export function typedFields<K extends string>(body: FormBody, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, formText(body[n]).trim()])) as Record<K, string>;
}

/** A plain object for a DTO from typed fields: empty ones left out (optional fields absent rather than ""). */
export function presentFields(typed: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ''));
}

/** Every value of a multi-valued field (a select multiple), as sent. */
export function formList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}
