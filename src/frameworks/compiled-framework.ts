import { compilePlan, type Plan } from '../engine';
import type { Framework } from '../engine/framework.model';
import { leafIndex, type LeafEntry } from './framework-tree';

/**
 * A framework version's document with what every write against it derives from the document: the engine's plan
 * (compilePlan, for the running self-score) and the leaves by code. Made once per frozen version and shared
 * (FrameworksService.compiled): the document is deep-frozen, so that no reader can change what the next one reads.
 */
export interface CompiledFramework {
  id: string;
  document: Framework;
  plan: Plan;
  leaves: Map<string, LeafEntry>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function compileFramework(id: string, document: Framework): CompiledFramework {
  const frozen = deepFreeze(document);
  return { id, document: frozen, plan: compilePlan(frozen), leaves: leafIndex(frozen) };
}

/**
 * The compiled frameworks of locked versions, by id. A locked version never changes (FrameworksService refuses to
 * replace or delete one, and nothing unlocks it), so an entry never goes stale; a version read unlocked is compiled
 * for its caller but not kept. Bounded, oldest out first: a platform uses a few dozen versions at most.
 */
export class CompiledFrameworkCache {
  private readonly entries = new Map<string, CompiledFramework>();

  constructor(private readonly max = 64) {}

  get(id: string): CompiledFramework | undefined {
    return this.entries.get(id);
  }

  keep(compiled: CompiledFramework): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(compiled.id, compiled);
  }
}
