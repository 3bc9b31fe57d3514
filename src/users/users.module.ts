import { Module } from '@nestjs/common';
import { AccountDirectory } from '../auth/account-directory';
import { PasswordHasher } from './password-hasher';
import { UserAccountDirectory } from './user-account-directory';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, UserAccountDirectory, { provide: AccountDirectory, useExisting: UserAccountDirectory }],
  exports: [UsersService, PasswordHasher, AccountDirectory],
})
export class UsersModule {}
