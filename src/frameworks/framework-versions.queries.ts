import type { EntityManager } from 'typeorm';
import { FrameworkVersion } from './framework-version.entity';

/**
 * Reads of stored framework versions for other features (each feature owns its tables: they ask here, never import
 * its entity). Plain functions on the caller's EntityManager, so that they run in its transaction.
 */

/** A stored framework version as other features see it: the row, with its document. */
export type FrameworkVersionRow = FrameworkVersion;

/** The framework version; throws TypeORM's EntityNotFoundError if there is none (the caller's row names it). */
export function frameworkVersionById(manager: EntityManager, id: string): Promise<FrameworkVersionRow> {
  return manager.findOneByOrFail(FrameworkVersion, { id });
}
