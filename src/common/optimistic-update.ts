import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code';

/**
 * UPDATE ... WHERE id = :id AND <version column> = :version, in the caller's transaction. TypeORM's save() does
 * not check the version column, so a stale write would silently win; here it gets 409 with the current version.
 */
export async function updateAtVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  version: number,
  changes: Record<string, unknown>,
): Promise<void> {
  const metadata = manager.getRepository(target).metadata;
  const versionColumn = metadata.versionColumn;
  if (!versionColumn) throw new Error(`${metadata.name} has no version column`);
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, [versionColumn.propertyName]: () => `${versionColumn.databaseName} + 1` } as never)
    .where(`id = :id AND ${versionColumn.databaseName} = :version`, { id, version })
    .execute();
  if (result.affected === 1) return;
  const current = await manager.findOne(target, { where: { id } as never });
  if (!current) throw DomainException.notFound(metadata.name, id);
  const currentVersion = current[versionColumn.propertyName] as number;
  throw new DomainException(ErrorCode.VersionConflict, `version ${version} is stale; the current version is ${currentVersion}`, {
    currentVersion,
  });
}
