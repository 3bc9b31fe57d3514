import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountDirectory } from '../auth/account-directory';
import { ApiKeysModule } from '../auth/api-keys.module';
import { PasswordHasher } from './password-hasher';
import { ServiceAccountsController } from './service-accounts.controller';
import { ServiceAccountsService } from './service-accounts.service';
import { UnitCheckRegistry } from './unit-check.registry';
import { UserAccountDirectory } from './user-account-directory';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User]), ApiKeysModule],
  controllers: [UsersController, ServiceAccountsController],
  providers: [UsersService, ServiceAccountsService, PasswordHasher, UnitCheckRegistry, UserAccountDirectory, { provide: AccountDirectory, useExisting: UserAccountDirectory }],
  exports: [UsersService, PasswordHasher, UnitCheckRegistry, AccountDirectory],
})
export class UsersModule {}
