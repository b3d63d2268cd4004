import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HubConfig } from './config.js';
import { fromBase64 } from './sodium.js';

/**
 * Development key material lives in `<dataDir>/keys`, created on first start with mode 0600. In production the
 * operator supplies the keys through configuration and nothing is written here.
 */
function keyFile(config: HubConfig, name: string): Uint8Array {
  const dir = path.join(config.dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${name}.key`);
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = fromBase64(fs.readFileSync(file, 'utf8').trim());
  if (key.length !== 32) throw new Error(`key file ${name}.key does not hold 32 bytes`);
  return key;
}

/** The root of the per-subgraph principal MAC keys and service keys. */
export function principalSecret(config: HubConfig): Uint8Array {
  return config.principalSecret ? fromBase64(config.principalSecret) : keyFile(config, 'principal');
}

/** Wraps every citizen's data key. Only the consent service and the operator's command line load it. */
export function masterKey(config: HubConfig): Uint8Array {
  return config.masterKey ? fromBase64(config.masterKey) : keyFile(config, 'master');
}
