import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { withEntityFiles } from './data-source-options';

/** Runs the pending migrations of migrations/ and returns their names. */
export async function runMigrations(config: Pick<AppConfig, 'DATABASE_URL'>): Promise<string[]> {
  const dataSource = await new DataSource(withEntityFiles(config)).initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
