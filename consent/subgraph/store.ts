import type { Collection, Store } from '../../platform/store/types.js';
import type { WrappedDataKey } from '../crypto/data-keys.js';

/** A citizen as stored: every personal field is a sealed ciphertext (see consent/crypto/field-cipher.ts). */
export interface CitizenRecord {
  id: string;
  name: string;
  phone: string;
  dateOfBirth: string;
  homeAddress: string;
  createdAt: string;
}

/** A data key, or its tombstone after erasure: the key material is gone, the fact of erasure stays. */
export interface DataKeyRecord extends Partial<WrappedDataKey> {
  id: string;
  erasedAt?: string;
}

export interface BlindIndexRecord {
  /** The keyed hash itself. */
  id: string;
  kind: 'phone' | 'nationalId';
  citizenId: string;
}

/** The only module that touches the consent service's database. */
export class ConsentStore {
  private constructor(
    readonly store: Store,
    readonly citizens: Collection<CitizenRecord>,
    readonly dataKeys: Collection<DataKeyRecord>,
    readonly blindIndex: Collection<BlindIndexRecord>,
  ) {}

  static async open(store: Store): Promise<ConsentStore> {
    return new ConsentStore(
      store,
      await store.collection<CitizenRecord>({ name: 'citizens' }),
      await store.collection<DataKeyRecord>({ name: 'data_keys' }),
      await store.collection<BlindIndexRecord>({ name: 'blind_index', indexes: ['citizenId'] }),
    );
  }
}
