import { openField, sealField, type SubgraphDataKey } from '../../consent/crypto/field-cipher.js';

/**
 * Transport's personal fields at rest. The binding's collection is the GraphQL type and its field the GraphQL field,
 * so that the consent transform opens what a resolver returns with exactly this binding.
 */
export type SealedType = 'Trip' | 'SavedPlace' | 'TaxiRide';

export interface SealTarget {
  type: SealedType;
  recordId: string;
  citizenId: string;
}

export function seal(key: SubgraphDataKey, target: SealTarget, field: string, value: unknown): string {
  return sealField(key, { subgraph: 'transport', collection: target.type, field, recordId: target.recordId, citizenId: target.citizenId }, value);
}

export function open(key: SubgraphDataKey, target: SealTarget, field: string, sealed: string): unknown {
  return openField(key, { subgraph: 'transport', collection: target.type, field, recordId: target.recordId, citizenId: target.citizenId }, sealed);
}
