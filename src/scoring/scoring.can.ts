import { CyclePhase } from '../cycles/cycle-phase';

/** Phases in which a cycle may be scored: while scoring, and after publication for a correction. */
const SCORABLE: string[] = [CyclePhase.Scoring, CyclePhase.Published];

/** Whether a score run may be asked for in this phase: the rule ScoringService.requestRun refuses by. */
export const canScore = (phase: string): boolean => SCORABLE.includes(phase);
