import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MemoryKeyStore } from './in-process/memory-key-store';
import { KEY_STORE, type KeyStore } from './key-store';
import { RedisKeyStore } from './redis-key-store';

/** Connects the Redis store at start and closes it at the end; the in-process store has nothing to do. */
@Injectable()
class KeyStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(KEY_STORE) private readonly store: KeyStore) {}

  async onModuleInit(): Promise<void> {
    if (this.store instanceof RedisKeyStore) await this.store.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.store instanceof RedisKeyStore) await this.store.close();
  }
}

/** The key store (key-store.ts) the settings ask for: on REDIS_URL, or in this process with REDIS_URL=embedded. */
@Global()
@Module({
  providers: [
    {
      provide: KEY_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): KeyStore => (config.queueDriver === 'in-process' ? new MemoryKeyStore() : RedisKeyStore.fromUrl(config.REDIS_URL)),
    },
    KeyStoreLifecycle,
  ],
  exports: [KEY_STORE],
})
export class KeyStoreModule {}
