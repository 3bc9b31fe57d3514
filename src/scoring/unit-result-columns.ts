import { Column, PrimaryColumn } from 'typeorm';
import type { StoredNodeResult } from './stored-node-result';

/**
 * The columns of a unit's result, shared by a run's results (score_results) and the published copy of them
 * (publication_results, which is filled by copying these columns): one declaration, so the copy can never miss one.
 */
export abstract class UnitResultColumns {
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

/** The database names of UnitResultColumns' columns, in order, for the COPY of a run's results and the frozen copy. */
export const UNIT_RESULT_COLUMNS = Object.freeze([
  'unit_id', 'unit_code', 'unit_group', 'ranked', 'status', 'index', 'index_rounded', 'rank', 'group_rank', 'nodes', 'pillars', 'notes',
] as const);
