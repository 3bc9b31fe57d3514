import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccountDirectory, type Account } from '../auth/account-directory';
import type { Actor } from '../auth/actor';
import { Role } from '../auth/role';
import { PasswordHasher } from './password-hasher';
import { activeAccount } from './users.queries';
import { UsersService } from './users.service';

/** The accounts as auth asks for them (AccountDirectory, bound in UsersModule): the users table, the audit log. */
@Injectable()
export class UserAccountDirectory implements AccountDirectory {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly passwordHasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async findByPassword(email: string, password: string): Promise<Account | null> {
    const user = await this.users.findForLogin(email);
    const valid = await this.passwordHasher.verify(user?.passwordHash ?? (await this.passwordHasher.dummyHash()), password);
    // A service account never signs in with a password (it has none: its hash verifies nothing); said here as well.
    return user && valid && user.role !== Role.Service ? user : null;
  }

  findActive(id: string): Promise<Account | null> {
    return activeAccount(this.db.manager, id);
  }

  endSessions(actor: Actor, id: string): Promise<void> {
    return this.users.endSessions(actor, id);
  }

  async recordSignOut(actor: Actor, id: string): Promise<void> {
    await this.db.transaction((manager) =>
      this.audit.record(manager, actor, { action: 'user.sign_out', entityType: 'user', entityId: id, after: { endsSession: true } }),
    );
  }
}
