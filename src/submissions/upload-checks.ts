import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { CyclesService } from '../cycles/cycles.service';
import { assertImportable } from './system-values/system-values-import.handler';
import { SubmissionsService } from './submissions.service';

/**
 * The checks of the submissions' uploads that the route alone decides, run by an UploadGate before a byte is read
 * (`UploadGate(SubmissionUploadChecks, 'evidence')`): a refused upload leaves nothing behind. The services check all
 * of it again when the row is written (the phase may have moved meanwhile); these only keep refused bytes off the disk.
 */
@Injectable()
export class SubmissionUploadChecks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: SubmissionsService,
    private readonly cycles: CyclesService,
  ) {}

  /** An evidence file (API and officer page): the unit's own officer, a participant of a cycle that exists, the window open. */
  async evidence(actor: Actor, params: Record<string, string>): Promise<void> {
    this.submissions.assertOwnOfficer(actor, params.unitId);
    const ctx = await this.db.transaction((manager) => this.submissions.context(manager, params.cycleId, params.unitId));
    this.submissions.assertWritable(ctx);
  }

  /**
   * A filled template: the unit's own officer, a participant of a cycle that exists. The window is the job's to judge
   * (a dry run of a closed cycle's template is allowed, and its report says why it would not apply).
   */
  async template(actor: Actor, params: Record<string, string>): Promise<void> {
    this.submissions.assertOwnOfficer(actor, params.unitId);
    await this.cycles.find(this.db.manager, params.cycleId);
    await this.cycles.participant(this.db.manager, params.cycleId, params.unitId);
  }

  /** System values: a cycle that exists, in a phase that still takes them (the route is an administrator's). */
  async systemValues(_actor: Actor, params: Record<string, string>): Promise<void> {
    assertImportable(await this.cycles.find(this.db.manager, params.cycleId));
  }
}
