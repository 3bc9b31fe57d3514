import type { FieldProblem } from '../common/domain.exception';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { leafIndex } from '../frameworks/framework-tree';
import { checkAnswerValue, checkSelfPoints } from './answer-value';

export interface AnswerInput {
  indicatorCode: string;
  value: unknown;
  note?: string | null;
  selfPoints?: unknown;
}

/** An answer that passed: undefined note or selfPoints means "keep what is stored". */
export interface CheckedAnswer {
  indicatorCode: string;
  value: RawValue;
  note: string | null | undefined;
  selfPoints: number | null | undefined;
}

/** A refused answer's field and rule, with the numbers the rule's sentence needs (AnswerCheck's params). */
export type AnswerProblem = FieldProblem & { params?: Record<string, string | number> };

/** Who answers which leaf: the unit answers its own and the expert-scored ones; national systems the rest. */
export const answeredByUnit = (leaf: FrameworkNode) => (leaf.source ?? 'self') === 'self' || leaf.source === 'expert';

/** Every answer checked against the framework; all problems at once, each with its field and rule. */
export function checkAnswers(framework: Framework, answers: AnswerInput[]): { rows: CheckedAnswer[]; problems: AnswerProblem[] } {
  const leaves = leafIndex(framework);
  const problems: AnswerProblem[] = [];
  const seen = new Set<string>();
  const rows = answers.flatMap((answer, i): CheckedAnswer[] => {
    const field = `answers[${i}]`;
    const leaf = leaves.get(answer.indicatorCode)?.node;
    if (seen.has(answer.indicatorCode)) {
      problems.push({ field: `${field}.indicatorCode`, rule: 'unique', message: `${answer.indicatorCode} is answered twice` });
      return [];
    }
    seen.add(answer.indicatorCode);
    if (!leaf) {
      problems.push({
        field: `${field}.indicatorCode`,
        rule: 'exists',
        message: `${answer.indicatorCode} is not an indicator of ${framework.code} ${framework.version}`,
      });
      return [];
    }
    if (!answeredByUnit(leaf)) {
      problems.push({
        field: `${field}.indicatorCode`,
        rule: 'answeredByUnit',
        message: `${leaf.code} is measured by a national system (source ${leaf.source}), not answered by the unit`,
      });
      return [];
    }
    const value = checkAnswerValue(leaf, answer.value);
    if (!value.ok) problems.push({ field: `${field}.value`, rule: value.rule, message: `${leaf.code}: ${value.message}`, ...(value.params && { params: value.params }) });
    const points = answer.selfPoints === undefined ? undefined : checkSelfPoints(leaf, answer.selfPoints);
    if (points && !points.ok) {
      problems.push({ field: `${field}.selfPoints`, rule: points.rule, message: `${leaf.code}: ${points.message}`, ...(points.params && { params: points.params }) });
    }
    if (!value.ok || (points && !points.ok)) return [];
    return [
      {
        indicatorCode: leaf.code,
        value: value.value,
        note: answer.note === undefined ? undefined : (answer.note?.normalize('NFC') ?? null),
        selfPoints: points?.ok ? (points.value as number | null) : undefined,
      },
    ];
  });
  return { rows, problems };
}
