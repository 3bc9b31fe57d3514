import { canReach, CyclePhase } from './cycle-phase';

/** Participants are added and removed while the cycle is a draft or open; they are fixed from review on. */
export const canEditParticipants = (phase: string): boolean => phase === CyclePhase.Draft || phase === CyclePhase.Open;

/** An extension is granted while the cycle is open. */
export const canGrantExtension = (phase: string): boolean => phase === CyclePhase.Open;

/**
 * An extension is taken back while the cycle may still be open again: every phase but published (review and scoring
 * can move back to open, where the extension would count again).
 */
export const canRevokeExtension = (phase: string): boolean => canReach(phase as CyclePhase, CyclePhase.Open);

/** A cycle has opened (its units have a submission) once it is no longer a draft. */
export const hasOpened = (phase: string): boolean => phase !== CyclePhase.Draft;

/** What an administrator may do now with a cycle's participants: the rules CyclesService refuses by. */
export interface CycleCan {
  editParticipants: boolean;
  grantExtension: boolean;
  revokeExtension: boolean;
}

export const cycleCan = (phase: string): CycleCan => ({
  editParticipants: canEditParticipants(phase),
  grantExtension: canGrantExtension(phase),
  revokeExtension: canRevokeExtension(phase),
});
