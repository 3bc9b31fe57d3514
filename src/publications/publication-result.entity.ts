import { Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { UnitResultColumns } from '../scoring/unit-result-columns';

/**
 * A unit's result as published: copied from the run's score_results in the transaction that publishes (or
 * corrects), and what every public read serves, so that a later change to score_results shows nowhere public. The
 * database refuses UPDATE and DELETE on these rows (trigger publication_results_frozen, migration
 * PublicationResults1795830000000); the scheduled check compares them with the publication's snapshot.
 */
@Entity('publication_results')
@Unique('uq_publication_results_code', ['publicationId', 'unitCode'])
@Index('ix_publication_results_rank', ['publicationId', 'rank'])
export class PublicationResult extends UnitResultColumns {
  @PrimaryColumn({ type: 'uuid' })
  publicationId: string;
}
