import type { Principal } from '../../platform/principal.js';
import { signReceipt, type AuthorityKeys } from '../crypto/authority-signing.js';
import type { ConsentStore } from '../subgraph/store.js';
import { requireCitizen } from './grant-service.js';

export interface ErasureResult {
  erasedAt: string;
  receipt: string;
}

/**
 * Erasure by crypto-shredding: the citizen's data key is deleted (only a tombstone stays), so everything
 * encrypted for them, in every department and every backup of the departments' stores, can no longer be read.
 * Blind-index entries and biometric material go too. The access log stays, and stays verifiable.
 */
export class ErasureService {
  constructor(
    private readonly store: ConsentStore,
    private readonly keys: AuthorityKeys,
    private readonly onErased: (citizenId: string) => Promise<void> = async () => undefined,
  ) {}

  async erase(principal: Principal, now = new Date()): Promise<ErasureResult> {
    const citizenId = requireCitizen(principal);
    const erasedAt = now.toISOString();
    const existing = await this.store.dataKeys.get(citizenId);
    if (existing?.erasedAt) return { erasedAt: existing.erasedAt, receipt: signReceipt(this.keys, { type: 'citygraph.erasure-receipt/v1', citizenId, erasedAt: existing.erasedAt }) };
    await this.store.dataKeys.upsert({ id: citizenId, erasedAt });
    const blindIndexEntries = await this.store.blindIndex.deleteMany({ citizenId });
    await this.store.citizens.upsert({ id: citizenId, name: '', phone: '', dateOfBirth: '', homeAddress: '', createdAt: erasedAt });
    await this.onErased(citizenId);
    await this.store.store.flush();
    const receipt = signReceipt(this.keys, {
      type: 'citygraph.erasure-receipt/v1',
      citizenId,
      erasedAt,
      deleted: ['data key', `${blindIndexEntries} blind-index entries`, 'biometric seed and template', 'identity and contact details'],
      note: 'Everything encrypted for this citizen in every department is now unreadable. The access log is kept and still verifies.',
    });
    return { erasedAt, receipt };
  }
}
