import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A piece (about 1 MiB) of a publication's snapshot, in order by seq: the snapshot's bytes are the chunks' bytes
 * joined. Written as the snapshot is made, in the publishing transaction, so that the snapshot is never one string
 * (at 20,000 units × 400 indicators it is beyond what V8 can hold). The database refuses UPDATE and DELETE (trigger
 * publication_snapshot_chunks_frozen, migration SnapshotChunks1795935000000), as on the publication's row.
 */
@Entity('publication_snapshot_chunks')
export class PublicationSnapshotChunk {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_publication_snapshot_chunks' })
  publicationId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_publication_snapshot_chunks' })
  seq: number;

  @Column({ type: 'bytea' })
  bytes: Buffer;
}
