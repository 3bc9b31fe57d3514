import type { Actor } from './actor';
import { DomainException } from '../common/domain.exception';
import { Role } from './role';

/** Officers reach only their own unit; admins and reviewers are scoped by their features' own rules. */
export function assertUnitAccess(actor: Actor, unitId: string): void {
  if (actor.role === Role.Officer && actor.unitId !== unitId) {
    throw DomainException.forbidden('an officer may only access its own unit');
  }
}
