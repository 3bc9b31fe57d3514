import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { ClockModule } from './common/clock.module';
import { AppConfig } from './config/app-config';
import { requestIdFor } from './common/request-id';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { StorageModule } from './storage/storage.module';
import { UploadsModule } from './storage/uploads.module';
import { QueueModule } from './queue/queue.module';
import { KeyStoreModule } from './queue/key-store.module';

/** The infrastructure every entry point shares: settings, logs, PostgreSQL, the key store and the queues (Redis or in process), audit. */
@Module({
  imports: [
    ConfigModule,
    ClockModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: requestIdFor,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        },
      }),
    }),
    DatabaseModule,
    KeyStoreModule,
    QueueModule,
    AuditModule,
    StorageModule,
    UploadsModule,
  ],
})
export class CoreModule {}
