import type { Principal } from '../../platform/principal.js';
import { signReceipt, type AuthorityKeys } from '../crypto/authority-signing.js';
import type { ConsentStore } from '../subgraph/store.js';
import { unlinkErasedCitizen } from './erasure-unlink.js';
import { requireCitizen } from './grant-service.js';

export interface ErasureResult {
  erasedAt: string;
  receipt: string;
}

/**
 * Erasure by crypto-shredding: the citizen's data key is deleted (only a tombstone stays), so everything
 * encrypted for them, in every department and every backup of the departments' stores, can no longer be read.
 * Blind-index entries and biometric material go too. The access log stays, and stays verifiable; its leaves name the
 * citizen only by a tag keyed from the deleted data key, and a citizen who acted only as `SELF` or by that tag
 * (consent/domain/leaf-principal.ts), so they can no longer be tied to the citizen. The sealed notes beside the log
 * (break-glass justifications, partners' end-user ids) go as well: they could no longer be opened, but each row
 * names the citizen next to a request id and the salted hash that one of their leaves carries, which would tie
 * that leaf, and through its tag every other leaf of theirs, back to them; so would their grants, the consent requests
 * to them and the break-glass uses on them, which unlinkErasedCitizen (consent/services/erasure-unlink.ts) deletes or
 * keeps without the citizen's id. Leaves written before citizens acting
 * were pseudonymised may still name a citizen by id: the tree is append-only and signed, so those stay as written.
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
    if (existing?.erasedAt) {
      // Unlinking again finishes what an erasure interrupted after its tombstone left undone (and finds nothing otherwise).
      const left = await unlinkErasedCitizen(this.store, citizenId);
      if (Object.values(left).some((n) => n > 0)) await this.store.store.flush();
      return { erasedAt: existing.erasedAt, receipt: signReceipt(this.keys, { type: 'citygraph.erasure-receipt/v1', citizenId, erasedAt: existing.erasedAt }) };
    }
    await this.store.dataKeys.upsert({ id: citizenId, erasedAt });
    const blindIndexEntries = await this.store.blindIndex.deleteMany({ citizenId });
    const sealedNotes = await this.store.sealedNotes.deleteMany({ citizenId });
    const unlinked = await unlinkErasedCitizen(this.store, citizenId);
    await this.store.citizens.upsert({ id: citizenId, name: '', phone: '', dateOfBirth: '', homeAddress: '', createdAt: erasedAt });
    await this.onErased(citizenId);
    await this.store.store.flush();
    const receipt = signReceipt(this.keys, {
      type: 'citygraph.erasure-receipt/v1',
      citizenId,
      erasedAt,
      deleted: [
        'data key',
        `${blindIndexEntries} blind-index entries`,
        `${sealedNotes} sealed notes`,
        `${unlinked.grants} consents`,
        `${unlinked.requesterBlocks} blocks on requesters`,
        'biometric seed and template',
        'identity and contact details',
      ],
      unlinked: [`${unlinked.consentRequests} consent requests`, `${unlinked.breakGlassUses} break-glass uses`],
      note: 'Everything encrypted for this citizen in every department is now unreadable. The access log is kept and still verifies. Consent requests and break-glass uses are kept for their requesters and the city\'s review without your id.',
    });
    return { erasedAt, receipt };
  }
}
