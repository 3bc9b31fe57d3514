import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldProblem } from '../common/domain.exception';
import { intFromText, PG_INT_MAX } from '../common/validators';
import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { Lang } from './i18n';

/** What a form sent, as flat fields (urlencoded bodies are parsed with extended: false). */
export type FormBody = Record<string, unknown>;

export const formText = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? formText(value[0]) : '');

/**
 * A number as a person types it: "12", "12.5", "12,5" (the Vietnamese decimal comma). Anything else is passed on
 * as the text it is, so that the service refuses it with its own rule; an empty field is null.
 */
export function formNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const normal = trimmed.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : trimmed;
}

/**
 * The version read, from a form's hidden field, where no DTO checks it: a tampered one beyond the integer column is
 * refused (422, naming `version`) by the rules the API applies, not sent to PostgreSQL. A missing one is 0, which no
 * row has: the service refuses it as stale (409), as before.
 */
export function formVersion(value: unknown): number {
  const text = formText(value).trim();
  return text === '' ? 0 : intFromText(text, 'version', 0, PG_INT_MAX);
}

/**
 * A stored number as a person types it back, in the page's language: "33,5" in Vietnamese, "33.5" in English, no
 * grouping and every digit kept, so that formNumber reads the same number again. The one way the pages put a number
 * into a field or show one as typed (the `decimal` filter of the views).
 */
export function numberText(value: number, lang: Lang): string {
  const text = String(value);
  return lang === 'vi' ? text.replace('.', ',') : text;
}

/** The typed fields of one indicator in the self-assessment form. */
export interface TypedAnswer {
  value: string;
  parts: Record<string, string>;
  note: string;
  points: string;
}

export const valueField = (code: string, part?: string) => (part ? `value[${code}][${part}]` : `value[${code}]`);
export const noteField = (code: string) => `note[${code}]`;
export const pointsField = (code: string) => `points[${code}]`;

export function typedAnswer(body: FormBody, leaf: FrameworkNode): TypedAnswer {
  const parts: Record<string, string> = {};
  for (const name of leaf.input?.names ?? []) parts[name] = formText(body[valueField(leaf.code, name)]);
  return {
    value: formText(body[valueField(leaf.code)]),
    parts,
    note: formText(body[noteField(leaf.code)]),
    points: formText(body[pointsField(leaf.code)]),
  };
}

/**
 * The JSON value of an indicator's typed fields, by its input type: the shape the API takes (the service checks it
 * and refuses what does not fit, with its rule). Empty is null (the answer cleared).
 */
export function answerValue(leaf: FrameworkNode, typed: TypedAnswer): unknown {
  switch (leaf.input?.type) {
    case 'boolean':
      return typed.value === 'true' ? true : typed.value === 'false' ? false : typed.value === '' ? null : typed.value;
    case 'number':
    case 'integer':
    case 'percent':
      return formNumber(typed.value);
    case 'numbers': {
      const names = leaf.input.names ?? [];
      if (names.every((n) => (typed.parts[n] ?? '').trim() === '')) return null;
      return Object.fromEntries(names.map((n) => [n, formNumber(typed.parts[n] ?? '')]));
    }
    case 'choice':
    case 'text':
      return typed.value === '' ? null : typed.value;
    default:
      return null;
  }
}

/** A stored value shown back in the form's fields, numbers written the page's way (numberText). */
export function typedFromStored(
  leaf: FrameworkNode,
  value: RawValue | undefined,
  note: string | null | undefined,
  points: number | null | undefined,
  lang: Lang,
): TypedAnswer {
  const shown = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'number' ? numberText(v, lang) : String(v));
  const parts: Record<string, string> = {};
  let text = '';
  if (leaf.input?.type === 'numbers') {
    const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    for (const name of leaf.input.names ?? []) parts[name] = shown(record[name]);
  } else {
    text = shown(value);
  }
  return { value: text, parts, note: note ?? '', points: shown(points) };
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A form checked by the API's own DTO class and its rules; the problems by field, none when it passes. */
export async function checkWithDto<T extends object>(cls: new () => T, plain: object): Promise<{ dto: T; problems: FieldProblem[] }> {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, problems: flatten(errors) };
}
