import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A frozen result: the canonical snapshot of a run (framework, inputs, results) and its sha256. Never updated; a
 * correction is a new version with a reason, and the old one stays readable.
 */
@Entity('publications')
@Unique('uq_publications_cycle_version', ['cycleId', 'version'])
export class Publication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  @Column({ type: 'uuid' })
  runId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  level: string;

  /** The series of a periodic cycle's publication (its framework's code); null for the yearly ranking. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  series: string | null;

  /** The month (or quarter) of `year` that a periodic publication is of; null for the yearly ranking. */
  @Column({ type: 'smallint', nullable: true })
  periodIndex: number | null;

  /**
   * { framework, inputs, results, ... } as canonical JSON, exactly the text that was hashed, of a publication made
   * before the snapshots were chunked; null for the others, whose bytes are in publication_snapshot_chunks. Never
   * read whole by a query (snapshot-bytes.ts reads either form a piece at a time).
   */
  @Column({ type: 'text', select: false, nullable: true })
  snapshot: string | null;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /**
   * The results hash (hashResults) of the frozen rows, checked at publish against the run's and named in the
   * snapshot: the scheduled check recomputes it from the rows without reading the snapshot.
   */
  @Column({ type: 'char', length: 64 })
  resultsHash: string;

  /** Last year's value and rank per unit id (also in the snapshot), kept apart so that reads need not parse it. */
  @Column({ type: 'jsonb', nullable: true })
  previous: Record<string, { value: number | null; rank: number | null; derivedFrom?: string[] }> | null;

  /** Why a correction was published (version ≥ 2). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  publishedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt: Date;
}
