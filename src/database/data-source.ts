import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:*`, on dist/): every compiled entity; the app builds its own from the same options. */
export default new DataSource(withEntityFiles(loadConfig()));
