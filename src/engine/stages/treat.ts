import { treatColumn } from '../pipeline/treat';
import type { Plan } from '../plan';
import type { TreatmentLog } from '../types';
import type { WorkingSet } from './columns';

/** Outlier treatment of the normalised leaves; each treated column replaces its input (the input is not changed). */
export function treatColumns(plan: Plan, w: WorkingSet, normLeaves: readonly number[]): TreatmentLog[] {
  const spec = plan.framework.pipeline!.treat!;
  const treatment: TreatmentLog[] = [];
  for (const li of normLeaves) {
    const code = plan.nodes[li].code;
    const before = w.cols.get(li)!;
    const t = treatColumn(before, spec);
    for (const u of t.changed) {
      w.notes[u].push({ kind: 'winsorised', node: code, value: t.values[u], message: `outlier ${before[u]} winsorised to ${t.values[u]}` });
    }
    if (t.logged) for (let u = 0; u < w.n; u++) w.notes[u].push({ kind: 'logged', node: code, message: 'indicator log-transformed (skewed)' });
    treatment.push({
      indicator: code,
      skew: t.skew,
      kurtosis: t.kurtosis,
      passed: t.passed,
      winsorised: t.changed.length,
      units: t.changed.map((u) => w.units[u].code),
      logged: t.logged,
      ...(t.after ? { after: t.after } : {}),
    });
    w.cols.set(li, t.values);
  }
  return treatment;
}
