import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { ApiKeysModule } from './api-keys.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { jwtOptions } from './jwt-options';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

/**
 * Identity: tokens, sessions, the guard on every route and sign-in. The accounts are not its own: an entry point
 * imports it with the module that provides AccountDirectory (AuthModule.forAccounts(UsersModule)).
 */
@Module({
  imports: [
    ApiKeysModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => jwtOptions(config),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleService, SessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService],
})
export class AuthModule {
  static forAccounts(accounts: Type | DynamicModule): DynamicModule {
    return { module: AuthModule, imports: [accounts] };
  }
}
