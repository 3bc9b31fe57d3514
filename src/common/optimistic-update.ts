import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code';

/**
 * UPDATE ... WHERE id = :id AND version = :version, in the caller's transaction. TypeORM's save() does not check
 * the version column, so a stale write would silently win; here it gets 409 with the current version instead.
 */
export async function updateAtVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  version: number,
  changes: Record<string, unknown>,
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, version: () => 'version + 1' } as never)
    .where('id = :id AND version = :version', { id, version })
    .execute();
  if (result.affected === 1) return;
  const current = await manager.findOne(target, { where: { id } as never, select: { version: true } as never });
  if (!current) throw DomainException.notFound(manager.getRepository(target).metadata.name, id);
  throw new DomainException(ErrorCode.VersionConflict, `version ${version} is stale; the current version is ${current.version}`, {
    currentVersion: current.version,
  });
}
