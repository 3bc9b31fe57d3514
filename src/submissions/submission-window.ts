import { toVietnamTime } from '../common/clock';
import { RefusalReason } from '../common/refusal-reason';
import { CyclePhase } from '../cycles/cycle-phase';
import type { CycleRow, CycleUnitRow } from '../cycles/cycle-row';

export interface WindowState {
  writable: boolean;
  /** Why not, in words, when not writable. */
  reason: string | null;
  /** Why not as a reason code with its values (a refusal's details), when not writable. */
  details: ({ reason: RefusalReason } & Record<string, string | null>) | null;
  /** The end of this unit's window: its extension, else the cycle's close. */
  until: Date;
}

/** Whether a unit may write its submission now: the cycle is open, its window has begun and not ended for it. */
export function submissionWindow(cycle: CycleRow, participant: CycleUnitRow, now: Date): WindowState {
  const until = participant.extensionUntil && participant.extensionUntil > cycle.closesAt ? participant.extensionUntil : cycle.closesAt;
  if (cycle.phase !== CyclePhase.Open) {
    return {
      writable: false,
      reason: `the cycle is in phase ${cycle.phase}; answers are written while it is open`,
      details: { reason: RefusalReason.WindowPhase, phase: cycle.phase },
      until,
    };
  }
  if (now < cycle.opensAt) {
    return {
      writable: false,
      reason: `the window opens at ${toVietnamTime(cycle.opensAt)}`,
      details: { reason: RefusalReason.WindowNotYetOpen, opensAt: cycle.opensAt.toISOString() },
      until,
    };
  }
  if (now > until) {
    const extension = participant.extensionUntil ? ` and the extension ended at ${toVietnamTime(participant.extensionUntil)}` : '';
    return {
      writable: false,
      reason: `the window closed at ${toVietnamTime(cycle.closesAt)}${extension}`,
      details: { reason: RefusalReason.WindowEnded, closesAt: cycle.closesAt.toISOString(), extensionUntil: participant.extensionUntil?.toISOString() ?? null },
      until,
    };
  }
  return { writable: true, reason: null, details: null, until };
}
