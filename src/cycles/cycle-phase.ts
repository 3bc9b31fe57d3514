/** The phases of a yearly cycle (DESIGN.md, "The yearly cycle"). */
export enum CyclePhase {
  Draft = 'draft',
  Open = 'open',
  Review = 'review',
  Scoring = 'scoring',
  Published = 'published',
}

export const CYCLE_PHASES = Object.values(CyclePhase);

/**
 * Every allowed move, in one table; any other is refused. Review may go back to open (late corrections by the
 * units) and scoring back to review (a reviewer's fix found while scoring); a published cycle changes only by a
 * corrected publication, never by a phase.
 */
export const PHASE_TRANSITIONS: Readonly<Record<CyclePhase, readonly CyclePhase[]>> = {
  [CyclePhase.Draft]: [CyclePhase.Open],
  [CyclePhase.Open]: [CyclePhase.Review],
  [CyclePhase.Review]: [CyclePhase.Open, CyclePhase.Scoring],
  [CyclePhase.Scoring]: [CyclePhase.Review, CyclePhase.Published],
  [CyclePhase.Published]: [],
};

/**
 * The moves of a cycle whose every indicator is measured by a national system (frameworks' isSystemOnly): nothing to
 * self-assess or review, so open (values arriving) goes straight to scoring, and scoring back to open (a late value).
 */
export const SYSTEM_ONLY_PHASE_TRANSITIONS: Readonly<Record<CyclePhase, readonly CyclePhase[]>> = {
  [CyclePhase.Draft]: [CyclePhase.Open],
  [CyclePhase.Open]: [CyclePhase.Scoring],
  [CyclePhase.Review]: [CyclePhase.Open, CyclePhase.Scoring],
  [CyclePhase.Scoring]: [CyclePhase.Open, CyclePhase.Published],
  [CyclePhase.Published]: [],
};

export const phaseTransitions = (systemOnly: boolean): Readonly<Record<CyclePhase, readonly CyclePhase[]>> =>
  systemOnly ? SYSTEM_ONLY_PHASE_TRANSITIONS : PHASE_TRANSITIONS;

export const canMove = (from: CyclePhase, to: CyclePhase, systemOnly = false): boolean => phaseTransitions(systemOnly)[from].includes(to);

/** Whether `to` is `from` or can be reached from it by allowed moves (review and scoring can still come back to open). */
export function canReach(from: CyclePhase, to: CyclePhase): boolean {
  const seen = new Set<CyclePhase>([from]);
  const next = [from];
  for (let phase = next.pop(); phase !== undefined; phase = next.pop()) {
    if (phase === to) return true;
    for (const after of PHASE_TRANSITIONS[phase]) {
      if (!seen.has(after)) {
        seen.add(after);
        next.push(after);
      }
    }
  }
  return false;
}
