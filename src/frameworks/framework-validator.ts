import type { Framework } from '../engine/framework.model';
import { checkExpected } from './validation/expected-range';
import { checkFormulas } from './validation/formula-symbols';
import { checkIllustrativeSource } from './validation/illustrative-source';
import { checkInputCompat } from './validation/input-compat';
import { dedupeIssues, FrameworkIssue } from './validation/issue';
import { checkLeafShape } from './validation/leaf-shape';
import { isRecord } from './validation/loose';
import { checkMissingPolicy } from './validation/missing-policy';
import { checkMonitored } from './validation/monitored';
import { checkPillarMembers } from './validation/pillar-members';
import { checkPointsNeedMax, checkPointsSum } from './validation/points-sum';
import { checkBoundsOrder, checkRuleParams } from './validation/rule-params';
import { checkSchema } from './validation/schema-check';
import { checkTargets } from './validation/targets';
import { FrameworkCheck, visitNodes } from './validation/tree';
import { checkUniqueCodes } from './validation/unique-codes';

export type { FrameworkIssue } from './validation/issue';

export type FrameworkValidation = { ok: true; framework: Framework } | { ok: false; errors: FrameworkIssue[] };

/** The checks beyond the schema's reach, in the order their issues are listed. */
const SEMANTIC_CHECKS: FrameworkCheck[] = [
  checkUniqueCodes,
  checkLeafShape,
  checkPointsNeedMax,
  checkPointsSum,
  checkRuleParams,
  checkBoundsOrder,
  checkInputCompat,
  checkFormulas,
  checkPillarMembers,
  checkIllustrativeSource,
  checkMissingPolicy,
  checkExpected,
  checkTargets,
  checkMonitored,
];

/**
 * Validate a parsed framework file against the contract: the JSON Schema first, then the semantic checks, run
 * even on a document that failed the schema so that a file's author sees all of its mistakes in one pass.
 */
export function validateFramework(doc: unknown): FrameworkValidation {
  const schemaIssues = checkSchema(doc);
  if (!isRecord(doc)) return { ok: false, errors: schemaIssues };
  const context = { doc, nodes: visitNodes(doc) };
  const errors = dedupeIssues([...schemaIssues, ...SEMANTIC_CHECKS.flatMap((check) => check(context))]);
  if (errors.length > 0) return { ok: false, errors };
  // `$schema` only points an editor at the schema file; it is not part of the framework.
  const { $schema: _editorHint, ...framework } = doc;
  return { ok: true, framework: framework as unknown as Framework };
}
