import type { Framework, UnitResult } from '../../engine';
import { CLI_WORDS_VI, type CliWords } from '../output/cli-words.vi';

/** The words of the notes: Vietnamese in the files (their columns are Vietnamese), the command's language on screen. */
export type NoteWords = CliWords['notes'];

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
function treatment(unit: UnitResult, leaf: string, framework: Framework, words: NoteWords): string {
  const note = unit.notes.find((n) => n.node === leaf && (n.kind === 'zero' || n.kind === 'dropped' || n.kind === 'imputed'));
  switch (note?.kind) {
    case 'zero': {
      // Where the framework imputes, a zero is what is left when no unit had a value to take the mean of.
      const imputes = framework.missing === 'group_mean' || framework.pipeline?.impute !== undefined;
      return imputes ? words.zeroNoMean : words.zero;
    }
    case 'dropped':
      return words.dropped;
    case 'imputed':
      return words.imputed(note.value === undefined ? '' : String(Number(note.value.toFixed(4))));
    default:
      // Screened out, or a leaf that is not scored (maxPoints 0): nothing was counted for it.
      return words.notCounted;
  }
}

/** The note for a unit's empty cells, the leaves grouped by what was done with them; '' when none is empty. */
export function emptyCellsNote(unit: UnitResult, framework: Framework, emptyLeaves: readonly string[], words: NoteWords = CLI_WORDS_VI.notes): string {
  const byTreatment = new Map<string, string[]>();
  for (const leaf of emptyLeaves) {
    const what = treatment(unit, leaf, framework, words);
    byTreatment.set(what, [...(byTreatment.get(what) ?? []), leaf]);
  }
  const policy = missingPolicy(framework);
  return [...byTreatment].map(([what, leaves]) => words.empty(leaves, what, policy)).join('; ');
}
