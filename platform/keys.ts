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

/**
 * A named development key: `<dataDir>/keys/<name>.key`, 32 random bytes created 0600 on first use. Names are
 * plain words so that they cannot point outside the key directory.
 */
export function namedKey(config: HubConfig, name: string): Uint8Array {
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new Error(`not a key name: ${name}`);
  return keyFile(config, name);
}

/**
 * The health department's health-pass signing seed (Ed25519, expanded with crypto_sign_seed_keypair). Only the
 * health subgraph needs it; scanners elsewhere need only the public key derived from it.
 */
export function healthPassKey(config: HubConfig): Uint8Array {
  return config.healthPassKey ? fromBase64(config.healthPassKey) : keyFile(config, 'health-pass');
}

/**
 * Encrypts the citizen id inside a health pass, so that only the departments that scan passes (health and
 * transport) can tell whose pass it is; to everyone else a pass is an unlinkable random string.
 */
export function healthPassIdentityKey(config: HubConfig): Uint8Array {
  return config.healthPassIdentityKey ? fromBase64(config.healthPassIdentityKey) : keyFile(config, 'health-pass-identity');
}

/** The root of the per-subgraph principal MAC keys and service keys. */
export function principalSecret(config: HubConfig): Uint8Array {
  return config.principalSecret ? fromBase64(config.principalSecret) : keyFile(config, 'principal');
}

/** Wraps every citizen's data key. Only the consent service and the operator's command line load it. */
export function masterKey(config: HubConfig): Uint8Array {
  return config.masterKey ? fromBase64(config.masterKey) : keyFile(config, 'master');
}
