import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cosignText, verifyEd25519, verifyHead, type Ed25519Jwk, type WitnessedHead } from '../../contracts/transparency-log/transparency-log.js';
import { graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 50, sensors: 200, env: { HUB_WITNESS_INTERVAL_MS: '100', HUB_TRANSPARENCY_HEAD_MS: '100' } });
});
afterAll(async () => {
  await hub?.close();
});

const base = () => hub.url.replace(/\/graphql$/, '');
const wellKnown = async () => (await (await fetch(`${base()}/.well-known/transparency-heads`)).json()) as { keys: Ed25519Jwk[]; heads: WitnessedHead[] };

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function traffic(citizenId: string): Promise<void> {
  await graphql(hub, `{ citizen(id: "${citizenId}") { name } }`, {}, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
}

describe('the gateway witnesses every tree head (ARCHITECTURE §4)', () => {
  it('cosigns heads with its own key, appends them to heads.jsonl outside the data directory and serves them newest first', async () => {
    await traffic('C-0001');
    const { treeSize } = (await graphql(hub, '{ transparencyHead { treeSize } }')).body.data!.transparencyHead as { treeSize: number };
    const doc = await until(async () => {
      const d = await wellKnown();
      return d.heads[0] && d.heads[0].treeSize >= treeSize ? d : undefined;
    }, 'a witnessed head');
    const authority = doc.keys.find((k) => k.role === 'sth')!;
    const witness = doc.keys.find((k) => k.role === 'witness')!;
    expect(authority).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(witness.x).not.toBe(authority.x);
    for (const head of doc.heads) {
      expect(verifyHead(authority, head)).toBe(true);
      expect(verifyEd25519(witness, cosignText(head), head.cosignature.signature)).toBe(true);
      expect(head.cosignature.keyId).toBe(witness.kid);
    }
    const sizes = doc.heads.map((h) => h.treeSize);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const file = path.join(hub.config.transparency.witnessDir, 'heads.jsonl');
    expect(path.relative(hub.config.dataDir, file).startsWith('..')).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as WitnessedHead);
    expect(lines.at(-1)).toEqual(doc.heads[0]);
  });

  it('refuses a rolled-back head with an alarm and a metric, and verify-log fails against the witness file', async () => {
    for (const id of ['C-0002', 'C-0003', 'C-0004', 'C-0005', 'C-0006', 'C-0002']) await traffic(id);
    const witnessed = await until(async () => {
      const d = await wellKnown();
      const { treeSize } = (await graphql(hub, '{ transparencyHead { treeSize } }')).body.data!.transparencyHead as { treeSize: number };
      return d.heads[0] && d.heads[0].treeSize === treeSize && treeSize > 4 ? d.heads[0] : undefined;
    }, 'the newest head witnessed');
    // An attacker with the store cuts the newest leaves and the heads that covered them.
    const cut = witnessed.treeSize - 3;
    const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'));
    db.prepare('DELETE FROM l_transparency_leaves WHERE f_leafIndex >= ?').run(cut);
    db.prepare("DELETE FROM c_transparency_heads WHERE CAST(json_extract(doc, '$.treeSize') AS INTEGER) > ?").run(cut);
    db.close();
    const metric = await until(async () => {
      const text = await (await fetch(`${base()}/metrics`)).text();
      return /citygraph_transparency_witness_refusals_total\{[^}]*reason="rollback"[^}]*\} [1-9]/.test(text) ? text : undefined;
    }, 'the refusal metric');
    expect(metric).toMatch(/citygraph_transparency_witness_alarm(\{[^}]*\})? 1/);
    // Nothing was appended for the rolled-back head.
    expect((await wellKnown()).heads[0]!.treeSize).toBe(witnessed.treeSize);
    const env = { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_WITNESS_DIR: hub.config.transparency.witnessDir, HUB_LOG_LEVEL: 'silent' };
    let status = 0;
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, ['--import', 'tsx', 'bin/hub.ts', 'verify-log', 'C-0002'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      status = (error as { status: number }).status;
      stdout = (error as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ ok: false, firstBadIndex: cut, checkedEntries: expect.any(Number) });
  });
});
