import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { StoredNodeResult } from '../scoring/stored-node-result';

/**
 * A unit's result as published: copied from the run's score_results in the transaction that publishes (or
 * corrects), and what every public read serves, so that a later change to score_results shows nowhere public. The
 * database refuses UPDATE and DELETE on these rows (trigger publication_results_frozen, migration
 * PublicationResults1795830000000); the scheduled check compares them with the publication's snapshot.
 */
@Entity('publication_results')
@Unique('uq_publication_results_code', ['publicationId', 'unitCode'])
@Index('ix_publication_results_rank', ['publicationId', 'rank'])
export class PublicationResult {
  @PrimaryColumn({ type: 'uuid' })
  publicationId: string;

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
