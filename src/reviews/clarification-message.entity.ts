import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** One message of the clarification thread on an indicator of a unit: a reviewer's question or the officer's answer. */
@Entity('clarification_messages')
@Index('ix_clarification_messages_thread', ['cycleId', 'unitId', 'indicatorCode', 'createdAt'])
export class ClarificationMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'varchar', length: 16 })
  authorRole: string;

  @Column({ type: 'text' })
  body: string;

  /** Evidence the officer added with this message. */
  @Column({ type: 'uuid', nullable: true })
  evidenceId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
