import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type HubConfig, type KeyHolder } from './config.js';
import { principalConsentKey, principalKey, serviceKey, type PrincipalSigningKeys } from './principal.js';
import { SUBGRAPH_NAMES, type SubgraphName } from './services.js';
import { deriveKey, fromBase64, sodium, toBase64 } from './sodium.js';

/**
 * Who holds which key (ARCHITECTURE §5). Each process is given only its own keys; the roots (`HUB_MASTER_KEY`,
 * `HUB_PRINCIPAL_SECRET`, or the development key files) are read by the launcher and the operator's command line,
 * which derive the per-service keys from them (`deriveChildSecrets`).
 *
 *   consent     master key (wraps data keys; the authority signing key derives from it), its own principal key, the
 *               principals' consent MAC root, and every service key: it verifies the calls and principals that
 *               reach it (a forwarded principal by the consent MAC, which no department holds)
 *   gateway     every subgraph's principal key and the consent MAC root (it signs the principal into each fetch
 *               with both), its own service key, the health-pass public key, and its witness key (it cosigns the
 *               access log's tree heads, ARCHITECTURE §4)
 *   health      its principal key and service key, the pass signing seed and the pass identity key
 *   transport   its principal key and service key, the pass public key and the pass identity key, and the root of
 *               taxi partners' webhook signing secrets
 *   others      their principal key and service key
 *
 * Principal and service MACs are symmetric (crypto_auth): holding a key lets a process both check and produce that
 * MAC, which is why no department holds another's key, and why a principal carries a second MAC for the consent
 * service: a department can check the principal it receives and forward it, but cannot make one that consent
 * accepts (it would otherwise be able to ask for any citizen's keys as that citizen).
 *
 * Resolution: a configured per-service key always wins. Outside production, a process started alone (tests,
 * `npm run subgraph`) falls back to deriving from the development root files; in production it refuses to start.
 */

function keyDir(config: HubConfig): string {
  return path.join(config.dataDir, 'keys');
}

function keyFile(config: HubConfig, name: string): Uint8Array {
  const dir = keyDir(config);
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

function requireInProduction(config: HubConfig, variable: string, why: string): void {
  if (config.env === 'production') throw new ConfigError([`${variable}: required in production (${why})`]);
}

/** The root of the per-subgraph principal MAC keys and service keys: the launcher and the command line only. */
export function principalSecret(config: HubConfig): Uint8Array {
  if (config.principalSecret) return fromBase64(config.principalSecret);
  requireInProduction(config, 'HUB_PRINCIPAL_SECRET', 'the launcher derives every service key from it');
  return keyFile(config, 'principal');
}

/** Wraps every citizen's data key. Only the consent service, the launcher and the operator's command line load it. */
export function masterKey(config: HubConfig): Uint8Array {
  if (config.masterKey) return fromBase64(config.masterKey);
  requireInProduction(config, 'HUB_MASTER_KEY', 'the consent service wraps data keys with it');
  return keyFile(config, 'master');
}

/** The MAC key of principals signed for `subgraph`: that subgraph verifies with it, the gateway signs with it. */
export function principalKeyOf(config: HubConfig, subgraph: SubgraphName): Uint8Array {
  const given = config.serviceSecrets.principal[subgraph];
  if (given) return fromBase64(given);
  requireInProduction(config, `HUB_PRINCIPAL_KEY_${subgraph.toUpperCase()}`, `the ${subgraph} subgraph's principal key`);
  return principalKey(principalSecret(config), subgraph);
}

/** The root of the principals' consent MAC: the gateway (signs) and the consent service (verifies) only. */
export function principalConsentRoot(config: HubConfig): Uint8Array {
  if (config.serviceSecrets.principalConsent) return fromBase64(config.serviceSecrets.principalConsent);
  requireInProduction(config, 'HUB_PRINCIPAL_CONSENT_KEY', 'the gateway signs and consent checks every forwarded principal with it');
  return deriveKey(principalSecret(config), 'citygraph/principal-consent');
}

/** The consent MAC key for principals signed for `subgraph`. */
export function principalConsentKeyOf(config: HubConfig, subgraph: SubgraphName): Uint8Array {
  return principalConsentKey(principalConsentRoot(config), subgraph);
}

/** What the gateway signs principals for `subgraph` with (both MACs). */
export function principalSigningKeysOf(config: HubConfig, subgraph: SubgraphName): PrincipalSigningKeys {
  return { subgraph: principalKeyOf(config, subgraph), consent: principalConsentKeyOf(config, subgraph) };
}

/** The MAC key of `holder`'s own calls to the consent service. */
export function serviceKeyOf(config: HubConfig, holder: KeyHolder): Uint8Array {
  const given = config.serviceSecrets.service[holder];
  if (given) return fromBase64(given);
  requireInProduction(config, `HUB_SERVICE_KEY_${holder.toUpperCase()}`, `the ${holder} service's key for calls to consent`);
  return serviceKey(principalSecret(config), holder);
}

/**
 * The health department's health-pass signing seed (Ed25519, expanded with crypto_sign_seed_keypair). Only the
 * health subgraph holds it; scanners elsewhere get the public key (`healthPassPublicKey`).
 */
export function healthPassKey(config: HubConfig): Uint8Array {
  if (config.healthPassKey) return fromBase64(config.healthPassKey);
  requireInProduction(config, 'HUB_HEALTH_PASS_KEY', 'the health subgraph signs passes with it');
  return keyFile(config, 'health-pass');
}

/**
 * Encrypts the citizen id inside a health pass, so that only the departments that scan passes (health and
 * transport) can tell whose pass it is; to everyone else a pass is an unlinkable random string.
 */
export function healthPassIdentityKey(config: HubConfig): Uint8Array {
  if (config.healthPassIdentityKey) return fromBase64(config.healthPassIdentityKey);
  requireInProduction(config, 'HUB_HEALTH_PASS_IDENTITY_KEY', 'health and transport read whose pass it is with it');
  return keyFile(config, 'health-pass-identity');
}

const PASS_PUBLIC_FILE = 'health-pass-public.key';

/**
 * The health-pass public key, for scanners (transport, the gateway's key document). Never derived from the seed
 * here: configured, or in development read from the public-key file that `ensureDevKeys` writes beside the seed.
 */
export function healthPassPublicKey(config: HubConfig): Uint8Array {
  if (config.serviceSecrets.healthPassPublic) return fromBase64(config.serviceSecrets.healthPassPublic);
  requireInProduction(config, 'HUB_HEALTH_PASS_PUBLIC_KEY', 'scanners verify passes with the published key');
  const file = path.join(keyDir(config), PASS_PUBLIC_FILE);
  if (!fs.existsSync(file)) {
    throw new ConfigError([`HUB_HEALTH_PASS_PUBLIC_KEY: not set, and no development key file ${file} (npm start creates it)`]);
  }
  return fromBase64(fs.readFileSync(file, 'utf8').trim());
}

/**
 * Development only: creates every development key file that is missing (roots, pass seed and identity key, the
 * pass public key beside its seed). The launcher and the in-process test hub call it before starting services.
 */
export function ensureDevKeys(config: HubConfig): void {
  principalSecret(config);
  masterKey(config);
  healthPassIdentityKey(config);
  const publicKey = sodium().crypto_sign_seed_keypair(healthPassKey(config)).publicKey;
  const file = path.join(keyDir(config), PASS_PUBLIC_FILE);
  if (!config.serviceSecrets.healthPassPublic && config.env !== 'production') {
    fs.mkdirSync(keyDir(config), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, toBase64(publicKey), { mode: 0o644 });
  }
}

/**
 * The gateway's witness seed (Ed25519): it cosigns the consent authority's tree heads (ARCHITECTURE §4). Configured
 * (HUB_WITNESS_KEY), or derived by the launcher and the operator's command line from the principal root, so that
 * `verify-log` knows the witness's public key without trusting a file beside the heads.
 */
export function witnessKey(config: HubConfig): Uint8Array {
  if (config.serviceSecrets.witness) return fromBase64(config.serviceSecrets.witness);
  if (config.principalSecret || config.env !== 'production') return deriveKey(principalSecret(config), 'citygraph/transparency-witness');
  throw new ConfigError(['HUB_WITNESS_KEY: required in production (the gateway cosigns tree heads with it)']);
}

/**
 * Transport's root of the taxi partners' webhook signing secrets (docs/taxi-partners.md): each partner's secret is
 * derived from it and the registration's version, so no secret is stored and only the transport process can sign.
 */
export function taxiWebhookKey(config: HubConfig): Uint8Array {
  if (config.serviceSecrets.transportWebhook) return fromBase64(config.serviceSecrets.transportWebhook);
  if (config.principalSecret || config.env !== 'production') return deriveKey(principalSecret(config), 'citygraph/taxi-webhooks');
  throw new ConfigError(['HUB_TRANSPORT_WEBHOOK_KEY: required in production (transport signs taxi offers to partners with secrets derived from it)']);
}

/** What a service process is: a subgraph or the gateway. */
export type ServiceName = KeyHolder;

/**
 * The environment variables carrying one child's own keys, derived from the roots by the launcher. Nothing else:
 * no root, and (outside consent) no master key.
 */
export function deriveChildSecrets(config: HubConfig, service: ServiceName): Record<string, string> {
  const root = principalSecret(config);
  const b64 = (key: Uint8Array) => toBase64(key);
  const principalVar = (name: SubgraphName) => [`HUB_PRINCIPAL_KEY_${name.toUpperCase()}`, b64(config.serviceSecrets.principal[name] ? fromBase64(config.serviceSecrets.principal[name]!) : principalKey(root, name))] as const;
  const serviceVar = (name: KeyHolder) => [`HUB_SERVICE_KEY_${name.toUpperCase()}`, b64(config.serviceSecrets.service[name] ? fromBase64(config.serviceSecrets.service[name]!) : serviceKey(root, name))] as const;
  const principalConsent = () => ['HUB_PRINCIPAL_CONSENT_KEY', b64(principalConsentRoot(config))] as const;
  const passPublic = () => ['HUB_HEALTH_PASS_PUBLIC_KEY', config.serviceSecrets.healthPassPublic ?? b64(sodium().crypto_sign_seed_keypair(healthPassKey(config)).publicKey)] as const;
  const entries: Array<readonly [string, string]> = [];
  switch (service) {
    case 'gateway':
      entries.push(...SUBGRAPH_NAMES.map(principalVar), principalConsent(), serviceVar('gateway'), passPublic(), ['HUB_WITNESS_KEY', b64(witnessKey(config))]);
      break;
    case 'consent':
      // Its own principal key (requests to the consent subgraph), and the consent MAC root for forwarded principals:
      // no other subgraph's principal key (it needs none to check what they forward).
      entries.push(['HUB_MASTER_KEY', b64(masterKey(config))], principalVar('consent'), principalConsent(), ...(['gateway', ...SUBGRAPH_NAMES] as const).map(serviceVar));
      break;
    case 'health':
      entries.push(principalVar('health'), serviceVar('health'), ['HUB_HEALTH_PASS_KEY', b64(healthPassKey(config))], ['HUB_HEALTH_PASS_IDENTITY_KEY', b64(healthPassIdentityKey(config))]);
      break;
    case 'transport':
      entries.push(principalVar('transport'), serviceVar('transport'), passPublic(), ['HUB_HEALTH_PASS_IDENTITY_KEY', b64(healthPassIdentityKey(config))], ['HUB_TRANSPORT_WEBHOOK_KEY', b64(taxiWebhookKey(config))]);
      break;
    default:
      entries.push(principalVar(service), serviceVar(service));
  }
  return Object.fromEntries(entries);
}
