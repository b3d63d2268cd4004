import type { Collection, Store } from '../../platform/store/types.js';

/**
 * A citizen's city-card PIN, as the consent service keeps it (record id = citizen id): never the PIN, only its slow
 * salted hash (scrypt), and that sealed under the citizen's consent data key, so a copy of the database alone does
 * not even allow guessing the 10,000 PINs offline. `failures` and `lockedUntil` count wrong PINs in a row.
 */
export interface CardPinRecord {
  id: string;
  citizenId: string;
  /** Sealed `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url parts), bound to this record. */
  hash: string;
  setAt: string;
  failures: number;
  lockedUntil: string | null;
}

/** The only module that touches the card PINs (a collection in the consent service's database). */
export class CardPinStore {
  private constructor(private readonly pins: Collection<CardPinRecord>) {}

  static async open(store: Store): Promise<CardPinStore> {
    return new CardPinStore(await store.collection<CardPinRecord>({ name: 'card_pins' }));
  }

  get(citizenId: string): Promise<CardPinRecord | null> {
    return this.pins.get(citizenId);
  }

  save(record: CardPinRecord): Promise<void> {
    return this.pins.upsert(record);
  }

  async saveMany(records: readonly CardPinRecord[]): Promise<void> {
    await this.pins.insertMany(records, { ignoreDuplicates: true });
  }

  async recordAttempt(citizenId: string, failures: number, lockedUntil: string | null): Promise<void> {
    await this.pins.update(citizenId, { failures, lockedUntil });
  }

  delete(citizenId: string): Promise<boolean> {
    return this.pins.delete(citizenId);
  }
}
