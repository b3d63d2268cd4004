/**
 * Per-field costs of the consent layer, measured in this process on synthetic data (no I/O): opening a sealed
 * field, the pure decision, and the batched guard path a personal field takes once its citizen is decided.
 * Each figure is the median over many timed blocks, per call.
 */
import { randomBytes } from 'node:crypto';
import { ConsentGuard } from '../consent/enforcement/consent-guard.js';
import type { CitizenDecision, ConsentAuthority, DataCategory } from '../consent/enforcement/types.js';
import { openField, sealField, type FieldBinding } from '../consent/crypto/field-cipher.js';
import { decide, type DecisionInput } from '../consent/domain/decide.js';
import type { GrantRecord } from '../consent/domain/grants.js';
import { loadStatutes } from '../consent/policy/statutes.js';
import type { Principal } from '../platform/principal.js';
import { loadSodium } from '../platform/sodium.js';

export interface MicroResults {
  decryptMedianUs: number;
  decideMedianUs: number;
  guardAllowedMedianUs: number;
  guardDeniedMedianUs: number;
}

/** Median per-call microseconds over `blocks` blocks of `perBlock` calls each. */
function medianPerCall(blocks: number, perBlock: number, body: (i: number) => void): number {
  // Warm up the JIT first: a serving process is warm, and cold calls measure the compiler, not the field.
  for (let i = 0; i < Math.max(perBlock * 5, 20_000); i += 1) body(i);
  const perCall: number[] = [];
  for (let b = 0; b < blocks; b += 1) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBlock; i += 1) body(b * perBlock + i);
    perCall.push(Number(process.hrtime.bigint() - t0) / 1000 / perBlock);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)]!;
}

export async function runMicro(): Promise<MicroResults> {
  await loadSodium();
  const dataKey = { key: new Uint8Array(randomBytes(32)), version: 1 };
  const bindings: FieldBinding[] = Array.from({ length: 1000 }, (_, i) => ({
    subgraph: 'consent',
    collection: 'Citizen',
    field: 'phone',
    recordId: `C-${String(i).padStart(4, '0')}`,
    citizenId: `C-${String(i).padStart(4, '0')}`,
  }));
  const sealed = bindings.map((binding, i) => sealField(dataKey, binding, `+1 555 01${String(i).padStart(4, '0')}`));
  const decryptMedianUs = medianPerCall(200, 100, (i) => {
    openField(dataKey, bindings[i % 1000]!, sealed[i % 1000]!);
  });

  const statutes = loadStatutes();
  const now = new Date();
  const day = 86_400_000;
  const grant = (id: string, granteeId: string, status: GrantRecord['status']): GrantRecord => ({
    id,
    citizenId: 'C-0001',
    granteeId,
    purpose: 'SERVICE_DELIVERY',
    scope: [{ subgraph: 'consent', category: 'CONTACT' }, { subgraph: 'consent', category: 'LOCATION' }],
    categories: ['CONTACT', 'LOCATION'],
    validFrom: new Date(now.getTime() - day).toISOString(),
    validUntil: new Date(now.getTime() + 30 * day).toISOString(),
    status,
    createdAt: new Date(now.getTime() - day).toISOString(),
    changedAt: new Date(now.getTime() - day).toISOString(),
    history: [],
    receipt: '',
  });
  const staff: Principal = { kind: 'staff', id: 'transport', department: 'transport', roles: ['staff'], scopes: [], purpose: 'SERVICE_DELIVERY', requestId: 'bench' };
  // A mix that walks every branch: a statute hit, a grant hit after a paused grant, and a denial.
  // Statutes name fields: the name is released by TRANSPORT_NAME_FOR_SERVICE, the phone by grant, the health code by nothing.
  const coordinates: Partial<Record<DataCategory, string>> = { IDENTITY: 'Citizen.name', CONTACT: 'Citizen.phone', HEALTH: 'Citizen.healthCode' };
  const inputs: DecisionInput[] = (['IDENTITY', 'CONTACT', 'HEALTH'] as DataCategory[]).map((category) => ({
    principal: staff,
    citizenId: 'C-0001',
    category,
    coordinate: coordinates[category],
    subgraph: 'consent',
    erased: false,
    grants: [grant('G-1', 'transport', 'PAUSED'), grant('G-2', 'transport', 'ACTIVE'), grant('G-3', 'health', 'ACTIVE')],
    statutes,
    now,
  }));
  const decideMedianUs = medianPerCall(200, 1000, (i) => {
    decide(inputs[i % 3]!);
  });

  // The guard path: one batched decision for 100 citizens, then each field resolves synchronously from it.
  const citizens = Array.from({ length: 100 }, (_, i) => `C-${String(i).padStart(4, '0')}`);
  const authority: ConsentAuthority = {
    async decide(_caller, request) {
      return request.citizenIds.map(
        (citizenId): CitizenDecision => ({
          citizenId,
          categories: { IDENTITY: { allow: true, basis: 'STATUTE:TRANSPORT_NAME_FOR_SERVICE' }, CONTACT: { allow: false, code: 'CONSENT_REQUIRED' } },
          keys: { IDENTITY: dataKey },
        }),
      );
    },
    async seal() {
      return [];
    },
    async writable() {
      return [];
    },
    async grantHolders() {
      return [];
    },
    async recordAccess() {},
  };
  const newGuard = async () => {
    const guard = new ConsentGuard({ principal: staff }, 'consent', authority);
    guard.selectCategories(['IDENTITY', 'CONTACT']);
    guard.prime(citizens);
    await guard.decision(citizens[0]!);
    return guard;
  };
  // Ten allowed fields per citizen, as a request reading 100 citizens would; a fresh guard per block of 1,000.
  const fields = Array.from({ length: 10 }, (_, f) => `Citizen.field${f}`);
  const guards: ConsentGuard[] = [];
  for (let b = 0; b < 205; b += 1) guards.push(await newGuard());
  let block = 0;
  const guardAllowedMedianUs = medianPerCall(200, 1000, (i) => {
    if (i % 1000 === 0) block += 1;
    const guard = guards[block % guards.length]!;
    const decision = guard.decision(citizens[Math.floor(i / 10) % 100]!) as CitizenDecision;
    guard.enforce(decision, 'IDENTITY', fields[i % 10]!);
  });
  const deniedGuard = await newGuard();
  const guardDeniedMedianUs = medianPerCall(100, 200, (i) => {
    const decision = deniedGuard.decision(citizens[i % 100]!) as CitizenDecision;
    try {
      deniedGuard.enforce(decision, 'CONTACT', fields[i % 10]!);
    } catch {
      // the denial is the point: a ConsentDeniedError per field
    }
  });
  return { decryptMedianUs, decideMedianUs, guardAllowedMedianUs, guardDeniedMedianUs };
}
