import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountDirectory } from '../auth/account-directory';
import { PasswordHasher } from './password-hasher';
import { UnitCheckRegistry } from './unit-check.registry';
import { UserAccountDirectory } from './user-account-directory';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, UnitCheckRegistry, UserAccountDirectory, { provide: AccountDirectory, useExisting: UserAccountDirectory }],
  exports: [UsersService, PasswordHasher, UnitCheckRegistry, AccountDirectory],
})
export class UsersModule {}
