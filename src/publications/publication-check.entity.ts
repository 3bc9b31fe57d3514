import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last scheduled check of a publication (PublicationIntegrityService): whether its snapshot still has its sha256
 * and its frozen rows are the snapshot's results. One row per publication, replaced at each check; /health and the
 * administrator's pages read the mismatched ones from here.
 */
@Entity('publication_checks')
export class PublicationCheck {
  @PrimaryColumn({ type: 'uuid' })
  publicationId: string;

  @Column({ type: 'boolean' })
  ok: boolean;

  /** The first differences found (at most MAX_KEPT_PROBLEMS), in words; problemCount says how many there were. */
  @Column({ type: 'jsonb' })
  problems: string[];

  @Column({ type: 'int' })
  problemCount: number;

  @Column({ type: 'timestamptz' })
  checkedAt: Date;
}
