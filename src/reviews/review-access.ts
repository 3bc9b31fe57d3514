import { Injectable, OnModuleInit } from '@nestjs/common';
import { SubmissionAccessRegistry } from '../submissions/submission-access.registry';
import { ReviewScope } from './review-scope';

/** A reviewer assigned to a unit of a cycle reads that unit's submission, evidence and template. */
@Injectable()
export class ReviewAccessGrant implements OnModuleInit {
  constructor(
    private readonly access: SubmissionAccessRegistry,
    private readonly scope: ReviewScope,
  ) {}

  onModuleInit(): void {
    this.access.register((manager, actor, cycleId, unitId) => this.scope.isAssigned(manager, actor, cycleId, unitId));
  }
}
