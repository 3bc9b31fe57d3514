import type { Framework, UnitResult } from '../../engine';

/**
 * "Ghi chú" for a unit's empty cells: which indicators were missing and what the framework's policy did with each,
 * as the engine applied it (its notes), so that an empty cell is never scored without a word (DESIGN.md: missing
 * values never silently). E.g. "A.2, A.3: trống — tính 0 điểm (missing: zero)".
 */

/** The policy as the framework states it: `missing`, and the imputation step when there is one. */
export function missingPolicy(framework: Framework): string {
  const missing = framework.missing ?? 'zero';
  const impute = framework.pipeline?.impute;
  if (!impute) return `missing: ${missing}`;
  return missing === 'group_mean' ? `missing: group_mean by ${impute.group}` : `missing: ${missing}, impute: group_mean by ${impute.group}`;
}

/** What happened to one missing leaf, from the engine's note on it. */
function treatment(unit: UnitResult, leaf: string, framework: Framework): string {
  const note = unit.notes.find((n) => n.node === leaf && (n.kind === 'zero' || n.kind === 'dropped' || n.kind === 'imputed'));
  switch (note?.kind) {
    case 'zero': {
      // Where the framework imputes, a zero is what is left when no unit had a value to take the mean of.
      const imputes = framework.missing === 'group_mean' || framework.pipeline?.impute !== undefined;
      return imputes ? 'không có giá trị để lấy trung bình, tính 0 điểm' : 'tính 0 điểm';
    }
    case 'dropped':
      return 'bỏ qua, chia lại trọng số';
    case 'imputed':
      return `thay bằng trung bình ${note.value === undefined ? '' : Number(note.value.toFixed(4))}`.trimEnd();
    default:
      // Screened out, or a leaf that is not scored (maxPoints 0): nothing was counted for it.
      return 'không tính';
  }
}

/** The note for a unit's empty cells, the leaves grouped by what was done with them; '' when none is empty. */
export function emptyCellsNote(unit: UnitResult, framework: Framework, emptyLeaves: readonly string[]): string {
  const byTreatment = new Map<string, string[]>();
  for (const leaf of emptyLeaves) {
    const what = treatment(unit, leaf, framework);
    byTreatment.set(what, [...(byTreatment.get(what) ?? []), leaf]);
  }
  const policy = missingPolicy(framework);
  return [...byTreatment].map(([what, leaves]) => `${leaves.join(', ')}: trống — ${what} (${policy})`).join('; ');
}
