import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { authorityKeys, signDetached, verifyDetached } from '../../../../consent/crypto/authority-signing.js';
import { checkpointMessage, entryId, GENESIS_HASH, hashEntry, verifyChain, type AccessLogEntry } from '../../../../consent/domain/access-log-chain.js';
import { loadSodium, sodium } from '../../../../platform/sodium.js';

let keys: ReturnType<typeof authorityKeys>;
beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(new Uint8Array(crypto.randomBytes(32)));
});

/** A chain of `n` entries, the last one checkpointed, as AccessLogService writes it. */
function chain(n: number): AccessLogEntry[] {
  const entries: AccessLogEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      citizenId: 'C-0001', seq, at: `2026-11-28T12:00:0${seq % 10}.000Z`, principal: { kind: 'STAFF' as const, id: 'transport', name: 'Transport Department' },
      coordinate: 'Citizen.name', category: 'IDENTITY', purpose: 'SERVICE_DELIVERY', decision: 'ALLOWED' as const, basis: 'STATUTE:X', code: null, requestId: `r${seq}`, subgraph: 'consent', prevHash,
    };
    const hash = hashEntry(content);
    const entry: AccessLogEntry = { id: entryId('C-0001', seq), ...content, hash };
    if (seq === n) entry.checkpoint = signDetached(keys, checkpointMessage(entry));
    entries.push(entry);
    prevHash = hash;
  }
  return entries;
}

const verify = (entries: AccessLogEntry[]) => verifyChain(entries, (m, s) => verifyDetached(keys.publicKey, m, s));

describe('the access-log hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verify(chain(5))).toEqual({ ok: true, firstBadSeq: null, checkedEntries: 5 });
    expect(verify([])).toEqual({ ok: true, firstBadSeq: null, checkedEntries: 0 });
  });

  it('reports the first altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, decision: 'DENIED' };
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('reports a removed entry at its sequence number', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('reports entries swapped in place', () => {
    const entries = chain(5);
    const third = entries[2]!;
    entries[2] = { ...entries[3]!, seq: 3 };
    entries[3] = { ...third, seq: 4 };
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('refuses a forged checkpoint and a tail without one', () => {
    const forged = chain(3);
    forged[2] = { ...forged[2]!, checkpoint: signDetached(authorityKeys(new Uint8Array(crypto.randomBytes(32))), checkpointMessage(forged[2]!)) };
    expect(verify(forged)).toMatchObject({ ok: false, firstBadSeq: 3 });
    const unsealed = chain(3);
    delete unsealed[2]!.checkpoint;
    expect(verify(unsealed)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});

describe('officials, end users and break-glass in the chain', () => {
  const base = {
    citizenId: 'C-0001', seq: 1, at: '2026-11-28T12:00:00.000Z', principal: { kind: 'STAFF' as const, id: 'water', name: 'Water Department' },
    coordinate: 'Citizen.name', category: 'IDENTITY', purpose: 'EMERGENCY', decision: 'ALLOWED' as const, basis: 'BREAK_GLASS', code: null, requestId: 'r1', subgraph: 'consent', prevHash: GENESIS_HASH,
  };

  it('hashes an entry without them exactly as before they existed, so older logs still verify', () => {
    const before = JSON.stringify(['C-0001', 1, base.at, 'STAFF', 'water', 'Water Department', 'Citizen.name', 'IDENTITY', 'EMERGENCY', 'ALLOWED', 'BREAK_GLASS', null, 'r1', 'consent', GENESIS_HASH]);
    // The canonical text and hash (BLAKE2b-256) as the chain computed them before officials existed.
    expect(hashEntry(base)).toBe(Buffer.from(sodium().crypto_generichash(32, before, null)).toString('base64url'));
    expect(hashEntry(base)).not.toBe(hashEntry({ ...base, principal: { ...base.principal, official: 'W-0007' } }));
  });

  it('covers the official, the end user hash, the break-glass flag and the justification hash', () => {
    const full = { ...base, principal: { ...base.principal, official: 'W-0007' }, breakGlass: true, justificationHash: 'h1' };
    const hash = hashEntry(full);
    expect(hashEntry({ ...full, principal: { ...full.principal, official: 'W-0008' } })).not.toBe(hash);
    expect(hashEntry({ ...full, justificationHash: 'h2' })).not.toBe(hash);
    expect(hashEntry({ ...full, breakGlass: false })).not.toBe(hash);
    expect(hashEntry({ ...full, principal: { ...full.principal, endUserHash: 'e1' } })).not.toBe(hash);
    const entry: AccessLogEntry = { id: entryId('C-0001', 1), ...full, hash };
    entry.checkpoint = signDetached(keys, checkpointMessage(entry));
    expect(verify([entry]).ok).toBe(true);
    expect(verify([{ ...entry, principal: { ...entry.principal, official: 'someone-else' } }])).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});
