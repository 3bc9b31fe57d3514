import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** A key as lists and the audit log show it: never the secret, nor its hash. */
export interface ApiKeyView {
  id: string;
  accountId: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** What a request let in by a key carries: the key and its account (whose role and state the guard still checks). */
export interface ApiKeyMatch {
  keyId: string;
  accountId: string;
  prefix: string;
  scopes: string[];
}

const KEY = /^(dti_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const sha256Key = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const toView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  accountId: k.accountId,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  lastUsedAt: k.lastUsedAt,
});

function newPrefix(): string {
  const bytes = randomBytes(8);
  return `dti_${[...bytes].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('')}`;
}

/**
 * The API keys of the service accounts (api-key.entity.ts): issue one (the key is returned once, then only its prefix
 * is known), check one on a request, list and revoke them. Who may do which is the caller's (the users feature's
 * admin API, audited there); this knows no feature.
 */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new key of the account: `dti_<8>_<43>` (32 random bytes of secret); the whole key is in the answer only. */
  async issue(manager: EntityManager, accountId: string, scopes: readonly string[]): Promise<{ key: string; view: ApiKeyView }> {
    const prefix = newPrefix();
    const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const saved = await manager.save(manager.create(ApiKey, { accountId, prefix, secretHash: sha256Key(key), scopes: [...new Set(scopes)].sort(), revokedAt: null, lastUsedAt: null }));
    return { key, view: toView(await manager.findOneByOrFail(ApiKey, { id: saved.id })) };
  }

  /**
   * The key of a request: its match, or why it is refused (`unknown`: not a key of ours, or malformed; `revoked`).
   * Stamps lastUsedAt at most once a minute, so that a stream of pushes does not write a row per request.
   */
  async authenticate(key: string): Promise<{ ok: true; match: ApiKeyMatch } | { ok: false; reason: 'unknown' | 'revoked'; prefix?: string }> {
    if (!KEY.test(key)) return { ok: false, reason: 'unknown' };
    const row = await this.db.getRepository(ApiKey).findOneBy({ secretHash: sha256Key(key) });
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revokedAt) return { ok: false, reason: 'revoked', prefix: row.prefix };
    await this.db.query(
      `UPDATE api_keys SET last_used_at = date_trunc('second', now()) WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.id],
    );
    return { ok: true, match: { keyId: row.id, accountId: row.accountId, prefix: row.prefix, scopes: row.scopes } };
  }

  /** The keys of these accounts, newest first. */
  async ofAccounts(manager: EntityManager, accountIds: readonly string[]): Promise<ApiKeyView[]> {
    if (accountIds.length === 0) return [];
    return (await manager.find(ApiKey, { where: { accountId: In([...accountIds]) }, order: { createdAt: 'DESC' } })).map(toView);
  }

  /** One key, or null. */
  async find(manager: EntityManager, id: string): Promise<ApiKeyView | null> {
    const row = await manager.findOneBy(ApiKey, { id });
    return row ? toView(row) : null;
  }

  /** Revokes the key (from now on a 401); a key revoked already stays as it was. The key after, or null if none. */
  async revoke(manager: EntityManager, id: string): Promise<ApiKeyView | null> {
    await manager.update(ApiKey, { id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return this.find(manager, id);
  }

  /** Revokes every key of the account still in force (the account is disabled). */
  async revokeAll(manager: EntityManager, accountId: string): Promise<void> {
    await manager.update(ApiKey, { accountId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
