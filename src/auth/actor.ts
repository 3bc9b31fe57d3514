import type { Role } from './role';

/** Who does something: a signed-in user, or the system itself (the CLI, a queue worker). */
export interface Actor {
  userId: string | null;
  label: string;
  role: Role | 'system';
  unitId: string | null;
  requestId?: string;
  /** A service account's request (Role.Service, let in by an API key): the key's scopes (series codes) and prefix. */
  apiKey?: { id: string; prefix: string; scopes: readonly string[] };
}

export function systemActor(label: 'cli' | 'worker' | 'demo'): Actor {
  return { userId: null, label, role: 'system', unitId: null };
}
