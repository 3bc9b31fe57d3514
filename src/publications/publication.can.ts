import { CyclePhase } from '../cycles/cycle-phase';

/** A cycle is published (version 1) from phase scoring. */
export const canPublish = (phase: string): boolean => phase === CyclePhase.Scoring;

/** Only a published cycle is corrected. */
export const canCorrect = (phase: string): boolean => phase === CyclePhase.Published;

/** What an administrator may do now with a cycle's publications: the rules PublicationsService refuses by. */
export interface PublicationCan {
  publish: boolean;
  correct: boolean;
}

/** By the cycle's phase and whether it has a publication already (a published cycle is corrected, not published again). */
export const publicationCan = (phase: string, published: boolean): PublicationCan => ({
  publish: canPublish(phase) && !published,
  correct: published,
});
