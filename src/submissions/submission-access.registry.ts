import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Role } from '../auth/role';

/** A higher feature's grant of read access to a unit's submission (reviews: a reviewer assigned to that unit). */
export type SubmissionReadGrant = (manager: EntityManager, actor: Actor, cycleId: string, unitId: string) => Promise<boolean>;

/**
 * Who may read a submission: an admin, the unit's own officer, and whoever a registered grant admits. Everyone
 * else is refused (fail closed): a reviewer sees nothing until reviews says which units are its own.
 */
@Injectable()
export class SubmissionAccessRegistry {
  private readonly grants: SubmissionReadGrant[] = [];

  register(grant: SubmissionReadGrant): void {
    this.grants.push(grant);
  }

  async canRead(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<boolean> {
    if (actor.role === Role.Admin || actor.role === 'system') return true;
    if (actor.role === Role.Officer) return actor.unitId === unitId;
    for (const grant of this.grants) if (await grant(manager, actor, cycleId, unitId)) return true;
    return false;
  }
}
