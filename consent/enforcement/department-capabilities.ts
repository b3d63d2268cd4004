import type { Purpose } from '../../platform/principal.js';
import type { Department, SubgraphName } from '../../platform/services.js';
import { ConsentGuard } from './consent-guard.js';
import { mustBeSealed, ownerOf, type personalFieldsByType } from './personal-directive.js';
import { refusalCode, release, type DoorLogger } from './personal-door.js';
import type { Caller, CitizenDecision, ConsentAuthority, DataCategory, SealItem } from './types.js';

/**
 * What department code gets instead of keys (ARCHITECTURE §4, one door): a sealer that writes and cannot read, and a
 * reader that opens stored records only through the door, deciding and logging like the `@personal` transform.
 */
export interface Sealer {
  /**
   * Ciphertext for each item, in order, sealed by the consent service under the key of the field's own category;
   * `null` for an item whose citizen this caller may not have records written about (erased, unknown, not theirs).
   */
  seal(items: readonly SealItem[]): Promise<Array<string | null>>;
  /** Whether records about this citizen may be written by this caller at all (known, not erased, theirs). */
  mayWrite(citizenId: string): Promise<boolean>;
}

/** A stored record with `@personal` fields: its id, its citizen (`id` for a Citizen), its sealed values. */
export interface StoredRecord {
  id: string;
  citizenId?: string;
}

/**
 * A record as the door released it: every `@personal` field opened, or `null` when refused; `refused` names the
 * first refusal (a consent code, or INTEGRITY_ERROR for a stored value that is not what it claims to be).
 */
export type OpenedRecord<T extends StoredRecord> = { [K in keyof T]: unknown } & { id: string; refused?: string };

export interface PersonalReader {
  /**
   * Opens stored records' `@personal` fields, by GraphQL type (`{CheckIn: [...], HealthDeclaration: [...]}`), for
   * this caller: one batched decision for every citizen involved, each release recorded in the citizen's access log
   * before anything is answered.
   */
  open<G extends Record<string, readonly StoredRecord[]>>(groups: G): Promise<{ [K in keyof G]: Array<OpenedRecord<G[K][number]>> }>;
}

export interface DepartmentCapabilities {
  sealer: Sealer;
  personal: PersonalReader;
  /**
   * The department's own processing only (`asService`): the partners holding an active grant from the citizen for
   * the service's purpose covering this subgraph and category (a taxi offer goes to them). Ids, no personal value.
   */
  partnersGranted(citizenId: string, category: DataCategory, recordId?: string): Promise<string[]>;
}

type PersonalFields = ReturnType<typeof personalFieldsByType>;

export function createCapabilities(subgraph: SubgraphName, authority: ConsentAuthority, caller: Caller, personalFields: PersonalFields, logger: DoorLogger): DepartmentCapabilities {
  return {
    sealer: {
      seal: (items) => authority.seal(caller, subgraph, items),
      mayWrite: async (citizenId) => (await authority.writable(caller, subgraph, [citizenId])).includes(citizenId),
    },
    partnersGranted: (citizenId, category, recordId) => authority.grantHolders(caller, subgraph, citizenId, category, recordId),
    personal: {
      async open(groups) {
        const categories = new Set<DataCategory>();
        const coordinates: string[] = [];
        for (const type of Object.keys(groups)) {
          for (const field of personalFields.get(type) ?? []) {
            categories.add(field.category);
            coordinates.push(`${type}.${field.name}`);
          }
        }
        const guard = new ConsentGuard(caller, subgraph, authority);
        guard.selectCategories([...categories], coordinates);
        const owners = new Set<string>();
        for (const [type, records] of Object.entries(groups)) for (const record of records) owners.add(ownerOf(type, { ...record }) ?? '');
        owners.delete('');
        const decisions = new Map<string, CitizenDecision>();
        await Promise.all([...owners].map(async (owner) => decisions.set(owner, await guard.decision(owner))));

        const opened = Object.fromEntries(
          Object.entries(groups).map(([type, records]) => [
            type,
            records.map((record) => {
              const stored: Record<string, unknown> = { ...record };
              const out: Record<string, unknown> = { ...record };
              const owner = ownerOf(type, stored);
              const decision = owner ? decisions.get(owner) : undefined;
              for (const field of personalFields.get(type) ?? []) {
                if (!(field.name in stored)) continue;
                if (!decision) {
                  out[field.name] = null;
                  out.refused ??= 'CONSENT_REQUIRED';
                  continue;
                }
                const value = { subgraph, type, field: field.name, category: field.category, recordId: record.id, citizenId: decision.citizenId, value: stored[field.name], mustBeSealed: mustBeSealed(`${type}.${field.name}`, field.type) };
                try {
                  out[field.name] = release(guard, decision, value, logger);
                } catch (error) {
                  const code = refusalCode(error);
                  if (!code) throw error;
                  out[field.name] = null;
                  out.refused ??= code;
                }
              }
              return out;
            }),
          ]),
        );
        // Logged before anything is released: if the log cannot be written, the caller gets nothing.
        await guard.flush();
        return opened as { [K in keyof typeof groups]: Array<OpenedRecord<(typeof groups)[K][number]>> };
      },
    },
  };
}

/** The department's own processing: a caller named by its service key and one of its purposes, never a citizen's. */
export function serviceCaller(department: Department, purpose: Purpose, requestId: string): Caller {
  return { principal: { kind: 'service', id: department, department, roles: [], scopes: [], purpose, requestId } };
}

/**
 * Seals several fields of one record in one call: the sealed values by field, or `null` when the citizen may not be
 * written about by this caller (erased, unknown, not theirs).
 */
export async function sealRecord<F extends string>(sealer: Sealer, target: { citizenId: string; type: string; recordId: string }, values: Record<F, unknown>): Promise<Record<F, string> | null> {
  const fields = Object.keys(values) as F[];
  const sealed = await sealer.seal(fields.map((field) => ({ ...target, field, value: values[field] })));
  if (sealed.some((value) => value === null)) return null;
  return Object.fromEntries(fields.map((field, i) => [field, sealed[i]])) as Record<F, string>;
}
