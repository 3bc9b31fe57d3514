import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one set of DataSource options: the app, the worker, the CLI and the migration CLI all use it. It names no
 * entity (the database knows no feature): in a Nest context each feature's module registers its own
 * (TypeOrmModule.forFeature, loaded by DatabaseModule's autoLoadEntities); a DataSource made outside Nest takes the
 * compiled entity files (withEntityFiles).
 */
export function dataSourceOptions(config: Pick<AppConfig, 'DATABASE_URL'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // The schema comes only from migrations/.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/** Every entity file of src: the compiled .entity.js under dist/src, or the .entity.ts sources when run as TypeScript. */
export const ENTITY_FILES = join(__dirname, '..', '**', '*.entity.{js,ts}');

/**
 * The options of a DataSource made outside Nest's modules, which loads every entity file: the migration CLI (which
 * compares the entities with the migrations), runMigrations (TypeORM creates typeorm_metadata, which a migration of a
 * generated column writes to, only when it sees an entity with one) and the compiled child processes (the export, the
 * workbook benchmark).
 */
export function withEntityFiles(config: Pick<AppConfig, 'DATABASE_URL'>): DataSourceOptions {
  return { ...dataSourceOptions(config), entities: [ENTITY_FILES] };
}
