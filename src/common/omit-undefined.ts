/**
 * TypeORM refuses undefined in find criteria (it would otherwise match every row); optional filters of a list
 * query are therefore left out rather than passed as undefined.
 */
export function omitUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
