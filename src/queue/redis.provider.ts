import { Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

@Injectable()
class RedisCloser implements OnModuleInit, OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  /**
   * Connects at start: with lazyConnect and no offline queue, the first command of a client that was never
   * connected fails at once (the first login after a start answered 500). A Redis that is down does not stop the
   * start: the client keeps reconnecting, and /health says 503 meanwhile.
   */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}

/** The app's own Redis client (login throttling, health); queues keep their own connections. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      // Fail fast instead of queueing commands forever while Redis is down, so /health can answer 503.
      useFactory: (config: AppConfig) =>
        new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
