import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ApiKeysService, type ApiKeyView } from '../auth/api-keys.service';
import { Role } from '../auth/role';
import { DomainException } from '../common/domain.exception';
import type { Page } from '../common/pagination.dto';
import type { PaginationQuery } from '../common/pagination.dto';
import type { CreateServiceAccountDto } from './dto/service-account.dto';
import { User } from './user.entity';

/** Stored instead of a password hash: no argon2 hash, so no password ever verifies against it. */
const NO_PASSWORD = '!service-account: signs in with an API key only';

export interface ServiceAccountView {
  id: string;
  email: string;
  fullName: string;
  disabled: boolean;
  createdAt: Date;
  keys: ApiKeyView[];
}

/** A new key: its view and, this once, the key itself (`Authorization: ApiKey <key>`); it is never shown again. */
export interface IssuedKey {
  account: ServiceAccountView;
  key: ApiKeyView;
  secret: string;
}

/**
 * Service accounts: the machine users of national systems (Role.Service) that push values through the feed API with
 * an API key. The account is a user (this feature owns accounts); its keys are identity's (auth/api-keys.service.ts).
 * Every change is audited here; a key's secret never reaches the log.
 */
@Injectable()
export class ServiceAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async create(actor: Actor, dto: CreateServiceAccountDto): Promise<IssuedKey> {
    const duplicate = () => DomainException.conflict(`email: an account with ${dto.email} already exists`);
    return this.db
      .transaction(async (manager) => {
        if (await manager.exists(User, { where: { email: dto.email } })) throw duplicate();
        const user = await manager.save(manager.create(User, { email: dto.email, fullName: dto.fullName, role: Role.Service, unitId: null, passwordHash: NO_PASSWORD }));
        const { key, view } = await this.apiKeys.issue(manager, user.id, dto.scopes);
        const created = await manager.findOneByOrFail(User, { id: user.id });
        await this.audit.record(manager, actor, { action: 'service_account.create', entityType: 'user', entityId: user.id, after: { ...created, key: view } });
        return { account: { ...viewOf(created), keys: [view] }, key: view, secret: key };
      })
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw duplicate();
        throw error;
      });
  }

  async list(query: PaginationQuery): Promise<Page<ServiceAccountView>> {
    const [users, total] = await this.db.getRepository(User).findAndCount({
      where: { role: Role.Service },
      order: { email: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const keys = await this.apiKeys.ofAccounts(this.db.manager, users.map((u) => u.id));
    const items = users.map((u) => ({ ...viewOf(u), keys: keys.filter((k) => k.accountId === u.id) }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Another key of the account (a second system, or a rotation before the old key is revoked). */
  async issueKey(actor: Actor, accountId: string, scopes: string[]): Promise<IssuedKey> {
    return this.db.transaction(async (manager) => {
      const user = await this.serviceAccount(manager, accountId);
      const { key, view } = await this.apiKeys.issue(manager, user.id, scopes);
      await this.audit.record(manager, actor, { action: 'api_key.create', entityType: 'api_key', entityId: view.id, after: view });
      const keys = await this.apiKeys.ofAccounts(manager, [user.id]);
      return { account: { ...viewOf(user), keys }, key: view, secret: key };
    });
  }

  /** Revokes one key of the account: from now on a request with it is a 401. Audited (also a second revoke, unchanged). */
  async revokeKey(actor: Actor, accountId: string, keyId: string): Promise<ApiKeyView> {
    return this.db.transaction(async (manager) => {
      await this.serviceAccount(manager, accountId);
      const before = await this.apiKeys.find(manager, keyId);
      if (!before || before.accountId !== accountId) throw DomainException.notFound('api key', keyId);
      const after = (await this.apiKeys.revoke(manager, keyId))!;
      await this.audit.record(manager, actor, { action: 'api_key.revoke', entityType: 'api_key', entityId: keyId, before, after });
      return after;
    });
  }

  private async serviceAccount(manager: DataSource['manager'], id: string): Promise<User> {
    const user = await manager.findOneBy(User, { id });
    if (!user || user.role !== Role.Service) throw DomainException.notFound('service account', id);
    return user;
  }
}

const viewOf = (u: User): Omit<ServiceAccountView, 'keys'> => ({ id: u.id, email: u.email, fullName: u.fullName, disabled: u.disabled, createdAt: u.createdAt });
