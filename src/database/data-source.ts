import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { withEntityFiles } from './data-source-options';
import { EMBEDDED } from '../config/app-config';

const config = loadConfig();
if (config.DATABASE_URL === EMBEDDED) {
  // The TypeORM CLI loads this file synchronously: it cannot start PGlite first.
  throw new Error(
    'DATABASE_URL=embedded: the TypeORM CLI needs a server. Serve the folder with `node dist/src/database/serve-embedded.js` ' +
      'and set DATABASE_URL to the URL it prints (main, the worker and the CLI migrate the embedded folder when they start it)',
  );
}

/** For the TypeORM CLI (`npm run migration:*`, on dist/): every compiled entity; the app builds its own from the same options. */
export default new DataSource(withEntityFiles(config));
