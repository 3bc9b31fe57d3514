import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublicationsModule } from '../publications/publications.module';
import { HealthController } from './health.controller';
import { PublicationsHealthIndicator } from './publications.health';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), PublicationsModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, PublicationsHealthIndicator],
})
export class HealthModule {}
