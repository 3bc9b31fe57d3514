import { FrameworkIssue } from './issue';
import { recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** Imputing by a group mean needs to know which unit column forms the groups: the pipeline's impute step says it. */
export function checkMissingPolicy({ doc }: CheckContext): FrameworkIssue[] {
  if (stringAt(doc, 'missing') !== 'group_mean' || recordAt(recordAt(doc, 'pipeline') ?? {}, 'impute')) return [];
  return [{ path: 'pipeline.impute', rule: 'required', message: 'required by missing policy "group_mean": it names the group column' }];
}
