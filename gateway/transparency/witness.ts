import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { TRANSPARENCY_HEAD_PATH, type TransparencyHeadRequest, type TransparencyHeadResponse } from '../../contracts/consent-gateway/wire.js';
import {
  cosignText,
  ed25519FromSeed,
  isHeadShape,
  jwkOf,
  keyIdOf,
  signEd25519,
  unb64,
  verifyConsistency,
  verifyHead,
  type Ed25519Jwk,
  type SignedTreeHead,
  type WitnessedHead,
} from '../../contracts/transparency-log/transparency-log.js';
import type { Logger } from '../../platform/logger.js';
import type { metricsFor } from '../../platform/metrics.js';
import { signServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';

export const TRANSPARENCY_HEADS_PATH = '/.well-known/transparency-heads';
const HEADS_FILE = 'heads.jsonl';
const PINNED_FILE = 'authority-key.jwk.json';
/** Heads served by the well-known document (newest first). */
const SERVED = 100;

export interface WitnessOptions {
  dir: string;
  dataDir: string;
  intervalMs: number;
  consentBaseUrl: string;
  serviceKey: Uint8Array;
  /** The gateway's own Ed25519 seed (HUB_WITNESS_KEY): it holds no other signing key of the log. */
  seed: Uint8Array;
  timeoutMs: number;
  logger: Logger;
  metrics: ReturnType<typeof metricsFor>;
}

/**
 * The gateway's witness (ARCHITECTURE §4). Every interval it asks consent for the newest signed tree head and a
 * consistency proof from the last head it accepted; it accepts the head only when the authority's signature (under
 * the key pinned on first contact) and the proof verify, cosigns it with its own key, and appends it to
 * `<HUB_WITNESS_DIR>/heads.jsonl`, outside the data directory, so that whoever can rewrite the consent store cannot
 * also rewrite what was witnessed. A head that is not consistent (a rollback, a fork, a bad signature, another key)
 * is refused: an alarm log line, `citygraph_transparency_witness_refusals_total`, and
 * `citygraph_transparency_witness_alarm` set to 1 until an operator restarts the witness.
 */
export class TransparencyWitness {
  private readonly file: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: Buffer;
  readonly keyId: string;
  private last: WitnessedHead | null = null;
  private recent: WitnessedHead[] = [];
  private authorityKey: Ed25519Jwk | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly refusals;
  private readonly alarm;
  private readonly witnessed;

  constructor(private readonly options: WitnessOptions) {
    const relative = path.relative(path.resolve(options.dataDir), path.resolve(options.dir));
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      throw new Error(`HUB_WITNESS_DIR (${options.dir}) must be outside HUB_DATA_DIR (${options.dataDir})`);
    }
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.file = path.join(options.dir, HEADS_FILE);
    const keys = ed25519FromSeed(options.seed);
    this.privateKey = keys.privateKey;
    this.publicKey = keys.publicKey;
    this.keyId = keyIdOf(keys.publicKey);
    this.refusals = options.metrics.counter('citygraph_transparency_witness_refusals_total', 'Tree heads the witness refused, by reason.', ['reason']);
    this.alarm = options.metrics.gauge('citygraph_transparency_witness_alarm', '1 once the witness refused a head that is not consistent with what it saw.', []);
    this.witnessed = options.metrics.gauge('citygraph_transparency_witnessed_tree_size', 'Size of the newest tree head the witness cosigned.', []);
    this.alarm.set(0);
    this.load();
  }

  /** Reads back what this witness already accepted (the last line is where it goes on from). */
  private load(): void {
    const pinned = path.join(this.options.dir, PINNED_FILE);
    if (fs.existsSync(pinned)) this.authorityKey = JSON.parse(fs.readFileSync(pinned, 'utf8')) as Ed25519Jwk;
    if (!fs.existsSync(this.file)) return;
    const lines = fs.readFileSync(this.file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const heads = lines.slice(-SERVED).flatMap((line) => {
      try {
        return [JSON.parse(line) as WitnessedHead];
      } catch {
        return [];
      }
    });
    this.recent = heads;
    this.last = heads.reduce<WitnessedHead | null>((max, h) => (!max || h.treeSize > max.treeSize ? h : max), null);
    if (this.last) this.witnessed.set(this.last.treeSize);
  }

  /** The first round after one interval: a gateway that starts before consent has nothing to ask yet. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.witnessOnce()
      .then(() => undefined)
      .catch((error) => this.options.logger.debug({ err: error }, 'witness: consent did not answer; trying again'))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }

  /** One round: fetch, check, cosign, append. Answers what happened (for tests and logs). */
  async witnessOnce(): Promise<'accepted' | 'unchanged' | 'refused'> {
    const request: TransparencyHeadRequest = { fromSize: this.last?.treeSize ?? null };
    const body = JSON.stringify(request);
    const response = await fetch(`${this.options.consentBaseUrl}${TRANSPARENCY_HEAD_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall('gateway', body, this.options.serviceKey) },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`consent answered ${response.status}`);
    const answer = (await response.json()) as TransparencyHeadResponse;
    return this.consider(answer);
  }

  /** The checks, apart from the transport: exported for tests. */
  consider(answer: TransparencyHeadResponse): 'accepted' | 'unchanged' | 'refused' {
    const { head, consistency, authorityKey } = answer;
    if (!isHeadShape(head)) return this.refuse('malformed', head);
    if (!this.authorityKey) {
      // Trust on first use, written down beside the heads: a later key change is an alarm, not a silent switch.
      this.authorityKey = { ...authorityKey, use: 'sig', role: 'sth' } as Ed25519Jwk;
      fs.writeFileSync(path.join(this.options.dir, PINNED_FILE), JSON.stringify(this.authorityKey), { mode: 0o644 });
    } else if (authorityKey.x !== this.authorityKey.x) {
      return this.refuse('authority-key-changed', head);
    }
    if (!verifyHead(this.authorityKey, head)) return this.refuse('bad-signature', head);
    const last = this.last;
    if (last) {
      if (head.treeSize < last.treeSize) return this.refuse('rollback', head);
      if (head.treeSize === last.treeSize) return head.rootHash === last.rootHash ? 'unchanged' : this.refuse('fork', head);
      let proof: Buffer[];
      try {
        proof = (consistency ?? []).map(unb64);
      } catch {
        return this.refuse('malformed', head);
      }
      if (!consistency || !verifyConsistency(last.treeSize, head.treeSize, proof, unb64(last.rootHash), unb64(head.rootHash))) return this.refuse('inconsistent', head);
    }
    const cosigned: WitnessedHead = {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      signature: head.signature,
      keyId: head.keyId,
      cosignature: { keyId: this.keyId, signature: signEd25519(this.privateKey, cosignText(head)), timestamp: new Date().toISOString() },
    };
    fs.appendFileSync(this.file, `${JSON.stringify(cosigned)}\n`, { mode: 0o644 });
    this.last = cosigned;
    this.recent = [...this.recent, cosigned].slice(-SERVED);
    this.witnessed.set(cosigned.treeSize);
    return 'accepted';
  }

  private refuse(reason: string, head: Partial<SignedTreeHead>): 'refused' {
    this.refusals.inc({ reason });
    this.alarm.set(1);
    this.options.logger.error(
      { alarm: 'transparency-log', reason, treeSize: head?.treeSize ?? null, rootHash: head?.rootHash ?? null, lastTreeSize: this.last?.treeSize ?? null, lastRootHash: this.last?.rootHash ?? null },
      `ALARM: the witness refused a tree head (${reason}): the access log is not consistent with what it saw before`,
    );
    return 'refused';
  }

  /** `GET /.well-known/transparency-heads`: the keys and the cosigned heads, newest first. */
  document(): { keys: Ed25519Jwk[]; heads: WitnessedHead[] } {
    return {
      keys: [...(this.authorityKey ? [this.authorityKey] : []), jwkOf(this.publicKey, this.keyId, 'witness')],
      heads: [...this.recent].sort((a, b) => b.treeSize - a.treeSize),
    };
  }
}
