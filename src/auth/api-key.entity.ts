import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An API key of a service account (a national system's machine user, Role.Service): what `Authorization: ApiKey <key>`
 * is checked against. Identity owns it, as it owns the tokens and sessions: the guard reads it on every request and
 * knows nothing of what the scopes mean (the feeds' series codes, checked by the feature that takes the push).
 *
 * The secret is never stored: only its sha256 (the key is 32 random bytes, so a fast hash is right: nothing to
 * guess from it, unlike a password) and the prefix that names the key in lists and logs.
 */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The account the key signs in (a user of role service). */
  @Index('ix_api_keys_account')
  @Column({ type: 'uuid' })
  accountId: string;

  // The users feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: { id: string };

  /** The start of the key as shown (`dti_` and 8 characters): names the key; not a secret, not enough to use it. */
  @Column({ type: 'varchar', length: 16, unique: true })
  prefix: string;

  /** sha256 of the whole key, hex. */
  @Column({ type: 'char', length: 64, unique: true })
  secretHash: string;

  /** What the key may write: series codes (a feed's framework code), as the feature that reads them names them. */
  @Column({ type: 'text', array: true })
  scopes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** From this moment the key is refused (401); null: in force. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Last request let in by it, to the minute (stamped at most once a minute, not on every request). */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
