import crypto from 'node:crypto';
import { subgraphDataKey, unwrapDataKey, type WrappedDataKey } from '../crypto/data-keys.js';
import { openField, sealField, type FieldBinding, type SubgraphDataKey } from '../crypto/field-cipher.js';
import type { ConsentStore, DataKeyRecord, SealedNoteRecord } from '../subgraph/store.js';

export type NoteKind = SealedNoteRecord['kind'];

function liveKey(record: DataKeyRecord | null | undefined): WrappedDataKey | undefined {
  if (!record || record.erasedAt || !record.wrapped || !record.version || !record.createdAt) return undefined;
  return record as WrappedDataKey;
}

function binding(note: Pick<SealedNoteRecord, 'id' | 'citizenId'>): FieldBinding {
  return { subgraph: 'consent', collection: 'SealedNote', field: 'text', recordId: note.id, citizenId: note.citizenId };
}

/** base64url SHA-256(salt || UTF-8 text): what a log entry keeps instead of the text. */
export function saltedHash(salt: Uint8Array, text: string): string {
  return crypto.createHash('sha256').update(salt).update(text, 'utf8').digest('base64url');
}

/**
 * Free text about a citizen, kept out of the access log (ARCHITECTURE §3, §4): each note is sealed under the
 * citizen's data key (the consent subgraph's derived key) together with a random salt; the log entry carries only
 * the salted hash. After erasure the note cannot be opened and the hash cannot be tested against guesses (the
 * salt is gone with the key). One note per (kind, request, citizen): sealing again answers the same hash.
 */
export class SealedNotes {
  constructor(
    private readonly store: ConsentStore,
    private readonly masterKey: Uint8Array,
  ) {}

  private async keysFor(citizenIds: readonly string[]): Promise<Map<string, SubgraphDataKey>> {
    const records = await this.store.dataKeys.getMany(citizenIds);
    const keys = new Map<string, SubgraphDataKey>();
    citizenIds.forEach((id, i) => {
      const wrapped = liveKey(records[i]);
      if (wrapped) keys.set(id, subgraphDataKey(unwrapDataKey(this.masterKey, wrapped), 'consent', wrapped.version));
    });
    return keys;
  }

  /** Seals `text` for each citizen (once per request) and answers each one's note; erased citizens get none. */
  async seal(kind: NoteKind, requestId: string, citizenIds: readonly string[], text: string, now = new Date()): Promise<Map<string, SealedNoteRecord>> {
    const unique = [...new Set(citizenIds)];
    const ids = unique.map((citizenId) => `${kind}|${requestId}|${citizenId}`);
    const existing = await this.store.sealedNotes.getMany(ids);
    const out = new Map<string, SealedNoteRecord>();
    const missing: string[] = [];
    unique.forEach((citizenId, i) => {
      const note = existing[i];
      if (note) out.set(citizenId, note);
      else missing.push(citizenId);
    });
    if (missing.length === 0) return out;
    const keys = await this.keysFor(missing);
    const fresh: SealedNoteRecord[] = [];
    for (const citizenId of missing) {
      const key = keys.get(citizenId);
      if (!key) continue;
      const salt = crypto.randomBytes(16);
      const id = `${kind}|${requestId}|${citizenId}`;
      const note: SealedNoteRecord = {
        id,
        citizenId,
        kind,
        requestId,
        sealed: sealField(key, binding({ id, citizenId }), { salt: salt.toString('base64url'), text }),
        hash: saltedHash(salt, text),
        at: now.toISOString(),
      };
      fresh.push(note);
      out.set(citizenId, note);
    }
    await this.store.sealedNotes.insertMany(fresh, { ignoreDuplicates: true });
    return out;
  }

  /** The texts of these notes, by note id; null where the citizen was erased (or the note is gone). */
  async open(noteIds: readonly string[]): Promise<Map<string, string | null>> {
    const notes = (await this.store.sealedNotes.getMany(noteIds)).filter((n): n is SealedNoteRecord => Boolean(n));
    const keys = await this.keysFor([...new Set(notes.map((n) => n.citizenId))]);
    const out = new Map<string, string | null>(noteIds.map((id) => [id, null]));
    for (const note of notes) {
      const key = keys.get(note.citizenId);
      if (!key) continue;
      try {
        const value = openField(key, binding(note), note.sealed) as { text?: unknown };
        out.set(note.id, typeof value?.text === 'string' ? value.text : null);
      } catch {
        out.set(note.id, null);
      }
    }
    return out;
  }
}
