import type { Actor } from '../../auth/actor';

/** A participating unit of the demo, with the officer who fills in its self-assessment. */
export interface DemoUnit {
  id: string;
  code: string;
  nameVi: string;
  officer: Actor;
}
