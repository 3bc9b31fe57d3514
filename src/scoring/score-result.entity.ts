import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { StoredNodeResult } from './stored-node-result';
import { UnitResultColumns } from './unit-result-columns';

export type { StoredNodeResult };

/** A unit's result in a run: its index and rank, and every node's and pillar's result as one document. */
@Entity('score_results')
@Index('ix_score_results_rank', ['runId', 'rank'])
export class ScoreResult extends UnitResultColumns {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;
}
