import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Notice } from './notice.entity';

/**
 * An e-mail waiting to be sent. The platform sends no mail itself: a deployment's mailer drains this table (the rows
 * with no sent_at, oldest first, taken with FOR UPDATE SKIP LOCKED so that several mailers never send one twice) and
 * sets sent_at once its server has taken the message.
 */
@Entity('mail_outbox')
@Index('ix_mail_outbox_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
export class MailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The recipient's address. */
  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  /** Plain text, UTF-8. */
  @Column({ type: 'text' })
  body: string;

  /** The notice the mail repeats, when it repeats one. */
  @Column({ type: 'uuid', nullable: true })
  noticeId: string | null;

  @ManyToOne(() => Notice, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'notice_id' })
  notice?: Notice | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the deployment's mailer handed it to its mail server; null while waiting. */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
