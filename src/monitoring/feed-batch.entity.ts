import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * One push of a national system through the feed API (PUT /api/v1/feeds/:series/:level/:period): what it was for,
 * who sent it, when, and what it did. The values it wrote name it as their source (system_values.source_id, source
 * 'feed'); a refused push (422) writes nothing, this row included.
 */
@Entity('feed_batches')
@Index('ix_feed_batches_cycle', ['cycleId', 'receivedAt'])
export class FeedBatch {
  /** Chosen before the values are written, so that they can name it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The series (the framework's code, as the cycles name it). */
  @Column({ type: 'varchar', length: 64 })
  series: string;

  @Column({ type: 'varchar', length: 32 })
  level: string;

  /** The month, YYYY-MM. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** The month's cycle. */
  @Column({ type: 'uuid' })
  cycleId: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  /** The service account that pushed. */
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: { id: string };

  /** The API key it came with (its id; the prefix is in the report). */
  @Column({ type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  /** Rows in the push. */
  @Column({ type: 'integer' })
  rows: number;

  /** Values written (new or changed). */
  @Column({ type: 'integer' })
  written: number;

  /** Values already stored as sent (a push repeated). */
  @Column({ type: 'integer' })
  unchanged: number;

  /** Pushed into a published month: a correction after publication, to be scored and published again (a new version). */
  @Column({ type: 'boolean', default: false })
  erratum: boolean;

  /** Per indicator: written and unchanged; the key's prefix; the cycle's phase when it came. */
  @Column({ type: 'jsonb' })
  report: Record<string, unknown>;
}
