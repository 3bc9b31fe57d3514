import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StoredNodeResult } from './stored-node-result';

export type { StoredNodeResult };

/** A unit's result in a run: its index and rank, and every node's and pillar's result as one document. */
@Entity('score_results')
@Index('ix_score_results_rank', ['runId', 'rank'])
export class ScoreResult {
  @PrimaryColumn({ type: 'uuid' })
  runId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 32 })
  unitCode: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unitGroup: string | null;

  @Column({ type: 'boolean' })
  ranked: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'double precision', nullable: true })
  index: number | null;

  @Column({ type: 'double precision', nullable: true })
  indexRounded: number | null;

  @Column({ type: 'int', nullable: true })
  rank: number | null;

  @Column({ type: 'int', nullable: true })
  groupRank: number | null;

  @Column({ type: 'jsonb' })
  nodes: Record<string, StoredNodeResult>;

  @Column({ type: 'jsonb' })
  pillars: Record<string, StoredNodeResult>;

  @Column({ type: 'jsonb' })
  notes: { kind: string; node?: string; message: string }[];
}
