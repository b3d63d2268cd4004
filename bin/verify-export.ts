/**
 * `npm run -s verify-export -- <export.json> [--key KEY] [--witness FILE]`: checks a citizen's exported access log
 * with nothing but the file (ARCHITECTURE §4): no hub, no store, no network. Imports only the documented formats
 * (contracts/transparency-log), which use node:crypto alone.
 *
 *   - the head is signed by the consent authority (Ed25519 over `citygraph-sth-v1\n<treeSize>\n<rootHash>\n<timestamp>`);
 *     the key is the export's own unless `--key` pins one (a JWK file, or the raw key in base64/base64url);
 *   - every entry's leaf hashes (SHA-256(0x00 || leaf)) with its audit path to the head's root (RFC 9162 §2.1.3.2);
 *   - the entries are positions 1..k of one citizen's log, and what the export shows of each is what its leaf says;
 *   - with `--witness FILE` (the JSON of GET /.well-known/transparency-heads, or a heads.jsonl), the head must be
 *     one a witness cosigned.
 *
 * Prints one JSON line `{ok, firstBadSeq, checkedEntries, treeSize}` (and the reason on stderr); exits 1 when not ok.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  cosignText,
  isHeadShape,
  leafHash,
  unb64,
  verifyEd25519,
  verifyHead,
  verifyInclusion,
  type Ed25519Jwk,
  type SignedTreeHead,
  type WitnessedHead,
} from '../contracts/transparency-log/transparency-log.js';

interface ExportedEntry {
  seq: number;
  at: string;
  coordinate: string;
  decision: string;
  basis: string | null;
  principal: { kind: string; id: string };
  leafIndex: number;
  leaf: string;
  proof: { leafIndex: number; treeSize: number; auditPath: string[] } | null;
}

interface ExportedLog {
  head: SignedTreeHead;
  keys: Ed25519Jwk[];
  log: ExportedEntry[];
}

export interface ExportVerification {
  ok: boolean;
  firstBadSeq: number | null;
  checkedEntries: number;
  treeSize: number | null;
  reason?: string;
}

/** Finds the access log section anywhere in an export (the whole GraphQL answer, `identity`, or the section itself). */
function findLog(value: unknown): ExportedLog | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.log) && v.head && Array.isArray(v.keys)) return v as unknown as ExportedLog;
  for (const child of Object.values(v)) {
    const found = findLog(child);
    if (found) return found;
  }
  return undefined;
}

function keyFrom(text: string): Ed25519Jwk {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Ed25519Jwk;
  const raw = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (raw.length !== 32) throw new Error('--key: not a 32-byte Ed25519 public key');
  return { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url'), kid: '', use: 'sig' };
}

function witnessedHeads(text: string): { keys: Ed25519Jwk[]; heads: WitnessedHead[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.includes('"heads"')) return JSON.parse(trimmed) as { keys: Ed25519Jwk[]; heads: WitnessedHead[] };
  return { keys: [], heads: trimmed.split('\n').filter(Boolean).map((l) => JSON.parse(l) as WitnessedHead) };
}

export function verifyExport(document: unknown, options: { key?: Ed25519Jwk; witness?: { keys: Ed25519Jwk[]; heads: WitnessedHead[] }; witnessKey?: Ed25519Jwk } = {}): ExportVerification {
  const section = findLog(document);
  if (!section) return { ok: false, firstBadSeq: null, checkedEntries: 0, treeSize: null, reason: 'no access log with a head in this file' };
  const { head } = section;
  let checked = 0;
  const bad = (seq: number | null, reason: string): ExportVerification => ({ ok: false, firstBadSeq: seq, checkedEntries: checked, treeSize: head?.treeSize ?? null, reason });
  if (!isHeadShape(head)) return bad(null, 'the head is malformed');
  const key = options.key ?? section.keys.find((k) => k.kid === head.keyId) ?? section.keys.find((k) => k.role === 'sth');
  if (!key || !verifyHead(key, head)) return bad(null, 'the head is not signed by the consent authority key');
  if (options.witness) {
    const witnessKeys = options.witnessKey ? [options.witnessKey] : options.witness.keys.filter((k) => k.role === 'witness');
    const cosigned = options.witness.heads.some(
      (w) => w.treeSize === head.treeSize && w.rootHash === head.rootHash && w.cosignature && witnessKeys.some((k) => verifyEd25519(k, cosignText(w), w.cosignature.signature)),
    );
    if (!cosigned) return bad(null, 'no witness cosigned this head');
  }
  const root = unb64(head.rootHash);
  const entries = [...section.log].sort((a, b) => a.seq - b.seq);
  let citizen: string | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const seq = i + 1;
    if (e.seq !== seq) return bad(seq, `entry ${seq} is missing`);
    let bytes: Buffer;
    let content: Record<string, any>;
    try {
      bytes = unb64(e.leaf);
      content = JSON.parse(bytes.toString('utf8')) as Record<string, any>;
    } catch {
      return bad(seq, `entry ${seq}'s leaf is not a citygraph leaf`);
    }
    citizen ??= content.citizen;
    if (content.v !== 1 || content.citizen !== citizen || content.seq !== seq) return bad(seq, `entry ${seq}'s leaf belongs to another log or position`);
    const shown = [e.at, e.coordinate, e.decision, e.basis ?? null, e.principal?.kind, e.principal?.id];
    const inLeaf = [content.at, content.coordinate, content.decision, content.basis ?? null, content.principal?.kind, content.principal?.id];
    if (JSON.stringify(shown) !== JSON.stringify(inLeaf)) return bad(seq, `entry ${seq} shows something else than its leaf`);
    const proof = e.proof;
    if (!proof || proof.treeSize !== head.treeSize || proof.leafIndex !== e.leafIndex) return bad(seq, `entry ${seq} has no proof against the head`);
    let path: Buffer[];
    try {
      path = proof.auditPath.map(unb64);
    } catch {
      return bad(seq, `entry ${seq}'s proof is malformed`);
    }
    if (!verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(bytes), path, root)) return bad(seq, `entry ${seq} is not in the signed tree`);
    checked++;
  }
  return { ok: true, firstBadSeq: null, checkedEntries: checked, treeSize: head.treeSize };
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === fs.realpathSync(process.argv[1]);
if (isMain) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, witness: { type: 'string' }, 'witness-key': { type: 'string' } } });
  const [file] = positionals;
  if (!file) {
    process.stderr.write('usage: npm run -s verify-export -- <export.json> [--key KEY] [--witness FILE] [--witness-key KEY]\n');
    process.exit(2);
  }
  const read = (f: string) => fs.readFileSync(fs.existsSync(f) ? f : f, 'utf8');
  const result = verifyExport(JSON.parse(read(file)), {
    key: values.key ? keyFrom(fs.existsSync(values.key) ? read(values.key) : values.key) : undefined,
    witness: values.witness ? witnessedHeads(read(values.witness)) : undefined,
    witnessKey: values['witness-key'] ? keyFrom(fs.existsSync(values['witness-key']) ? read(values['witness-key']) : values['witness-key']) : undefined,
  });
  const { reason, ...line } = result;
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (!result.ok) {
    process.stderr.write(`verify-export: ${reason}\n`);
    process.exitCode = 1;
  }
}
