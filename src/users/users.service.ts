import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { updateAtVersion } from '../common/optimistic-update';
import type { Page } from '../common/pagination.dto';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import type { ResetPasswordDto } from './dto/reset-password.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { PasswordHasher } from './password-hasher';
import { UnitCheckRegistry } from './unit-check.registry';
import { Role } from '../auth/role';
import { User } from './user.entity';

/**
 * The new "sessions valid after" stamp of a user: now, to the millisecond (a token's sva claim is in ms), and always
 * later than the one before, so that two changes in one millisecond still end the tokens issued between them.
 */
const END_SESSIONS = () =>
  `greatest(date_trunc('milliseconds', clock_timestamp()), coalesce(sessions_valid_after + interval '1 millisecond', '-infinity'))`;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly passwordHasher: PasswordHasher,
    private readonly units: UnitCheckRegistry,
  ) {}

  /** With the password hash, for login only. */
  findForLogin(email: string): Promise<User | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
  }

  async get(id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOne({ where: { id } });
    if (!user) throw DomainException.notFound('user', id);
    return user;
  }

  async list(query: ListUsersQuery): Promise<Page<User>> {
    // TypeORM 1 refuses an undefined value in a where object instead of ignoring it: set only the filters given.
    const where: FindOptionsWhere<User> = {};
    if (query.role) where.role = query.role;
    if (query.unitId) where.unitId = query.unitId;
    const [items, total] = await this.db.getRepository(User).findAndCount({
      where,
      order: { email: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    const passwordHash = await this.passwordHasher.hash(dto.password);
    const duplicate = () => DomainException.conflict(`email: a user with ${dto.email} already exists`);
    return this.db.transaction(async (manager) => {
      await this.checkUnitBinding(manager, dto.role, dto.unitId ?? null);
      if (await manager.exists(User, { where: { email: dto.email } })) throw duplicate();
      const user = await manager.save(
        manager.create(User, {
          email: dto.email,
          fullName: dto.fullName,
          role: dto.role,
          unitId: dto.unitId ?? null,
          passwordHash,
        }),
      );
      const created = await manager.findOneOrFail(User, { where: { id: user.id } });
      await this.audit.record(manager, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: created });
      return created;
    }).catch((error: unknown) => {
      // Two creations of one e-mail at once both pass the check above; the unique index refuses the second.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw duplicate();
      throw error;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<User> {
    return this.db.transaction(async (manager) => {
      const before = await manager.findOne(User, { where: { id } });
      if (!before) throw DomainException.notFound('user', id);
      if (before.role === Role.Service && dto.role !== undefined && dto.role !== before.role) {
        throw DomainException.conflict('role: a service account keeps the role service (make a person an account of their own)');
      }
      const role = dto.role ?? before.role;
      const unitId = dto.unitId !== undefined ? dto.unitId : role === Role.Officer ? before.unitId : null;
      await this.checkUnitBinding(manager, role, unitId);
      if (actor.userId === id && (dto.disabled === true || (dto.role && dto.role !== Role.Admin))) {
        throw DomainException.conflict('an administrator may not disable or demote itself');
      }
      const changes: Record<string, unknown> = { role, unitId };
      if (dto.fullName !== undefined) changes.fullName = dto.fullName;
      if (dto.disabled !== undefined) changes.disabled = dto.disabled;
      // What a token was issued for no longer holds: its sessions end (and stay ended if the user is enabled again).
      if ((dto.disabled === true && !before.disabled) || role !== before.role || unitId !== before.unitId) changes.sessionsValidAfter = END_SESSIONS;
      await updateAtVersion(manager, User, id, dto.version, changes);
      const after = await manager.findOneOrFail(User, { where: { id } });
      const action = dto.disabled === true && !before.disabled ? 'user.disable' : 'user.update';
      await this.audit.record(manager, actor, { action, entityType: 'user', entityId: id, before, after });
      return after;
    });
  }

  async changeOwnPassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const userId = actor.userId;
    if (!userId) throw DomainException.forbidden('only a signed-in user has a password');
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :userId', { userId })
      .getOneOrFail();
    if (!(await this.passwordHasher.verify(user.passwordHash, dto.currentPassword))) {
      throw new DomainException(ErrorCode.UnprocessableEntity, 'currentPassword: does not match', [
        { field: 'currentPassword', rule: 'matches', message: 'currentPassword does not match the current password' },
      ]);
    }
    const passwordHash = await this.passwordHasher.hash(dto.newPassword);
    await this.db.transaction(async (manager) => {
      // Tokens issued before it carry an older sva claim and stop working (issuedSinceSessionsEnded).
      const passwordChangedAt = new Date();
      await updateAtVersion(manager, User, userId, user.version, { passwordHash, passwordChangedAt, sessionsValidAfter: END_SESSIONS });
      await this.audit.record(manager, actor, {
        action: 'user.change_password',
        entityType: 'user',
        entityId: userId,
        after: { passwordChangedAt },
      });
    });
  }

  /**
   * An administrator sets another user's password (a forgotten one): the sessions and tokens of that user issued
   * before now stop working, as after a change of its own.
   */
  async resetPassword(actor: Actor, id: string, dto: ResetPasswordDto): Promise<User> {
    const passwordHash = await this.passwordHasher.hash(dto.newPassword);
    return this.db.transaction(async (manager) => {
      const passwordChangedAt = new Date();
      await updateAtVersion(manager, User, id, dto.version, { passwordHash, passwordChangedAt, sessionsValidAfter: END_SESSIONS });
      await this.audit.record(manager, actor, { action: 'user.reset_password', entityType: 'user', entityId: id, after: { passwordChangedAt } });
      return manager.findOneOrFail(User, { where: { id } });
    });
  }

  /** Signing out everywhere: every token of the user issued until now is refused from now on. */
  async endSessions(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const result = await manager.createQueryBuilder().update(User).set({ sessionsValidAfter: END_SESSIONS } as never).where('id = :id', { id }).execute();
      if (result.affected !== 1) throw DomainException.notFound('user', id);
      const after = await manager.findOneOrFail(User, { where: { id } });
      await this.audit.record(manager, actor, {
        action: 'user.sign_out_everywhere',
        entityType: 'user',
        entityId: id,
        after: { sessionsValidAfter: after.sessionsValidAfter },
      });
    });
  }

  private async checkUnitBinding(manager: EntityManager, role: Role, unitId: string | null): Promise<void> {
    if (role === Role.Officer && !unitId) {
      throw DomainException.validation([{ field: 'unitId', rule: 'requiredForOfficer', message: 'unitId is required for an officer' }]);
    }
    if (role !== Role.Officer && unitId) {
      throw DomainException.validation([
        { field: 'unitId', rule: 'onlyForOfficer', message: 'unitId may only be set for an officer' },
      ]);
    }
    if (unitId && !(await this.units.exists(manager, unitId))) {
      throw new DomainException(ErrorCode.UnprocessableEntity, `unitId: unit ${unitId} does not exist`, [
        { field: 'unitId', rule: 'exists', message: `unit ${unitId} does not exist` },
      ]);
    }
  }
}
