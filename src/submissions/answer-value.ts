import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';

export const MAX_TEXT_ANSWER = 10_000;

/**
 * A refusal's rule, its English message (for API clients and logs), and the numbers and names the rule's sentence
 * needs (min, max, part): the pages say the rule in the visitor's language from these, never from the message.
 */
export type AnswerCheck = { ok: true; value: RawValue } | { ok: false; rule: string; message: string; params?: Record<string, string | number> };

const refuse = (rule: string, message: string, params?: Record<string, string | number>): AnswerCheck => ({ ok: false, rule, message, ...(params && { params }) });

function checkRange(n: number, min: number | undefined, max: number | undefined): AnswerCheck {
  if (min !== undefined && n < min) return refuse('min', `must be at least ${min}`, { min });
  if (max !== undefined && n > max) return refuse('max', `must be at most ${max}`, { max });
  return { ok: true, value: n };
}

/**
 * A unit's own points for a leaf the reviewers score by hand (rule `manual`): the self-assessed score (điểm tự
 * đánh giá) beside its answer. Other leaves get their points from the rule.
 */
export function checkSelfPoints(leaf: FrameworkNode, points: unknown): AnswerCheck {
  if (points === null) return { ok: true, value: null };
  if (leaf.scoring?.rule !== 'manual') return refuse('manualOnly', 'only an indicator scored by the reviewers takes self points');
  if (typeof points !== 'number' || !Number.isFinite(points)) return refuse('isNumber', 'must be a number of points');
  return checkRange(points, 0, leaf.maxPoints ?? 0);
}

/**
 * An answer as the API takes it: JSON of the leaf's input type, strictly (the spreadsheet spellings such as "có"
 * belong to the file importers). Null clears the answer.
 */
export function checkAnswerValue(leaf: FrameworkNode, value: unknown): AnswerCheck {
  if (value === null) return { ok: true, value: null };
  const input = leaf.input;
  switch (input?.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : refuse('isBoolean', 'must be true or false');
    case 'number':
    case 'integer':
    case 'percent': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('isNumber', 'must be a number');
      if (input.type === 'integer' && !Number.isInteger(value)) return refuse('isInt', 'must be a whole number');
      const min = input.type === 'percent' ? Math.max(0, input.min ?? 0) : input.min;
      const max = input.type === 'percent' ? Math.min(100, input.max ?? 100) : input.max;
      return checkRange(value, min, max);
    }
    case 'choice': {
      const options = leaf.scoring?.rule === 'choice' ? leaf.scoring.options.map((o) => o.value) : [];
      return typeof value === 'string' && options.includes(value)
        ? { ok: true, value }
        : refuse('isIn', `must be one of ${options.join(', ')}`);
    }
    case 'numbers': {
      const names = input.names ?? [];
      if (typeof value !== 'object' || Array.isArray(value)) return refuse('isObject', `must be an object with ${names.join(', ')}`);
      const record = value as Record<string, unknown>;
      const extra = Object.keys(record).filter((k) => !names.includes(k));
      if (extra.length) return refuse('unknownField', `${extra.join(', ')} is not one of ${names.join(', ')}`);
      for (const name of names) {
        const n = record[name];
        if (typeof n !== 'number' || !Number.isFinite(n)) return refuse('isNumber', `${name} must be a number`, { part: name });
        if (n < 0) return refuse('min', `${name} must be at least 0`, { part: name, min: 0 });
      }
      return { ok: true, value: record as Record<string, number> };
    }
    case 'text':
      if (typeof value !== 'string') return refuse('isString', 'must be text');
      if (value.length > MAX_TEXT_ANSWER) return refuse('maxLength', `must be at most ${MAX_TEXT_ANSWER} characters`, { max: MAX_TEXT_ANSWER });
      return { ok: true, value: value.normalize('NFC') };
    default:
      return refuse('inputType', 'this indicator takes no answer');
  }
}
