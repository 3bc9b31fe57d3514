import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';

/**
 * The API keys of service accounts, on their own so that both the guard (AuthModule) and the admin API of the
 * accounts (UsersModule, which AuthModule imports for its AccountDirectory) can use them without a circle.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
