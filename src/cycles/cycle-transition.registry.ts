import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { RefusalReason } from '../common/refusal-reason';
import type { CyclePhase } from './cycle-phase';
import type { Cycle } from './cycle.entity';

/** Why a check refuses a move: its reason code (RefusalReason) with the values that explain it, and in words. */
export interface TransitionRefusal {
  reason: RefusalReason;
  message: string;
  values?: Record<string, string | number | string[]>;
}

/**
 * A higher feature's say on a phase move (reviews: "scoring only when every review is complete"). Cycles sit below
 * those features, so they register here instead of being called by name. A check returns why the move is refused,
 * or null.
 */
export type CycleTransitionCheck = (
  manager: EntityManager,
  cycle: Cycle,
  to: CyclePhase,
  context: { actor: Actor; reason?: string; via?: string },
) => Promise<TransitionRefusal | null>;

/**
 * A higher feature's reaction to a phase move (reviews: "back in review, the final values whose answers changed while
 * open are stale"), run in the move's transaction once every check has passed and the phase is written: all or none.
 * `cycle` is the cycle as it was before the move.
 */
export type CycleMoveEffect = (manager: EntityManager, cycle: Cycle, to: CyclePhase, context: { actor: Actor }) => Promise<void>;

@Injectable()
export class CycleTransitionRegistry {
  private readonly checks: CycleTransitionCheck[] = [];
  private readonly effects: CycleMoveEffect[] = [];

  register(check: CycleTransitionCheck): void {
    this.checks.push(check);
  }

  registerEffect(effect: CycleMoveEffect): void {
    this.effects.push(effect);
  }

  async moved(...args: Parameters<CycleMoveEffect>): Promise<void> {
    for (const effect of this.effects) await effect(...args);
  }

  async refusals(...args: Parameters<CycleTransitionCheck>): Promise<TransitionRefusal[]> {
    const results: TransitionRefusal[] = [];
    for (const check of this.checks) {
      const refusal = await check(...args);
      if (refusal) results.push(refusal);
    }
    return results;
  }
}
