import { imputeGroupMean } from '../pipeline/impute';
import type { Plan } from '../plan';
import type { WorkingSet } from './columns';

/** Group-mean imputation of every leaf, in place: the raw number of a normalised leaf, the points of a rule leaf. */
export function imputeColumns(plan: Plan, w: WorkingSet): void {
  const groupKey = plan.framework.pipeline?.impute?.group;
  const groups = w.units.map((u) => (groupKey ? (u.groups?.[groupKey] ?? '') : ''));
  for (const li of plan.leaves) {
    for (const imp of imputeGroupMean(w.cols.get(li)!, groups)) {
      const where = imp.from === 'group' && groupKey ? `the mean of ${groupKey} ${groups[imp.unit]}` : 'the mean of all units';
      w.notes[imp.unit].push({ kind: 'imputed', node: plan.nodes[li].code, value: imp.value, message: `missing; ${where}` });
    }
  }
}
