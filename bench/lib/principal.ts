import { randomUUID } from 'node:crypto';
import type { Principal, Purpose } from '../../platform/principal.js';
import type { Department } from '../../platform/services.js';

/** The principal a bench request speaks for, from its `x-bench-principal` header (also used by bench/hive-gateway.ts). */
export function benchPrincipal(header: string | undefined): Principal {
  const requestId = randomUUID();
  const [kind, department, purpose] = (header ?? 'anonymous').split(':');
  if (kind === 'staff' && department) {
    return { kind: 'staff', id: department, department: department as Department, roles: ['staff'], scopes: [], purpose: purpose as Purpose, requestId };
  }
  return { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId };
}
