import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { childEnvironment, identityProviderEnvironment } from '../../../bin/lib/child-env.js';
import { loadConfig, type HubConfig } from '../../../platform/config.js';
import { principalConsentKeyOf, principalKeyOf, principalSigningKeysOf, serviceKeyOf } from '../../../platform/keys.js';
import { signPrincipal, verifyPrincipal, verifyPrincipalForConsent, type Principal } from '../../../platform/principal.js';
import { SUBGRAPH_NAMES } from '../../../platform/services.js';
import { loadSodium, toBase64 } from '../../../platform/sodium.js';

/**
 * ARCHITECTURE §5: the launcher takes the roots and gives each child only its own keys. The roots here are
 * operator-supplied (as in production), and the launcher's own environment also carries them and a stray secret:
 * nothing of that may reach a child beyond the allow-list.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-child-env-'));
const ROOT = Buffer.alloc(32, 1).toString('base64');
const MASTER = Buffer.alloc(32, 2).toString('base64');
const PASS_SEED = Buffer.alloc(32, 3).toString('base64');
const PASS_IDENTITY = Buffer.alloc(32, 4).toString('base64');
const parentEnv = {
  PATH: '/usr/bin',
  HOME: '/root',
  HUB_PRINCIPAL_SECRET: ROOT,
  HUB_MASTER_KEY: MASTER,
  HUB_HEALTH_PASS_KEY: PASS_SEED,
  HUB_HEALTH_PASS_IDENTITY_KEY: PASS_IDENTITY,
  AWS_SECRET_ACCESS_KEY: 'not-for-children',
};
let config: HubConfig;

beforeAll(async () => {
  await loadSodium();
  config = loadConfig({ ...parentEnv, HUB_DATA_DIR: dataDir });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const SERVICES = ['gateway', ...SUBGRAPH_NAMES] as const;

function keyVariables(env: Record<string, string>): string[] {
  return Object.keys(env).filter((name) => /KEY|SECRET/.test(name)).sort();
}

describe("a child's environment", () => {
  it.each(SERVICES)('%s: holds no root, nothing inherited beyond the allow-list, and its parsed config holds no root either', (service) => {
    const env = childEnvironment(service, config, parentEnv);
    const values = Object.values(env);
    expect(values).not.toContain(ROOT);
    expect(env.HUB_PRINCIPAL_SECRET).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
    const parsed = loadConfig(env);
    expect(parsed.principalSecret).toBeUndefined();
    if (service === 'consent') expect(parsed.masterKey).toBe(MASTER);
    else {
      expect(values).not.toContain(MASTER);
      expect(parsed.masterKey).toBeUndefined();
    }
    // The pass signing seed only in health; every other scanner gets the public key.
    if (service === 'health') expect(env.HUB_HEALTH_PASS_KEY).toBe(PASS_SEED);
    else expect(values).not.toContain(PASS_SEED);
  });

  it('gives each service exactly the keys of ARCHITECTURE §5', () => {
    const principal = SUBGRAPH_NAMES.map((n) => `HUB_PRINCIPAL_KEY_${n.toUpperCase()}`);
    const service = (...names: string[]) => names.map((n) => `HUB_SERVICE_KEY_${n.toUpperCase()}`);
    const expected: Record<(typeof SERVICES)[number], string[]> = {
      gateway: [...principal, 'HUB_PRINCIPAL_CONSENT_KEY', ...service('gateway'), 'HUB_HEALTH_PASS_PUBLIC_KEY', 'HUB_WITNESS_KEY'],
      // Consent checks forwarded principals by their consent MAC: it holds no other subgraph's principal key.
      consent: ['HUB_MASTER_KEY', 'HUB_PRINCIPAL_KEY_CONSENT', 'HUB_PRINCIPAL_CONSENT_KEY', ...service('gateway', ...SUBGRAPH_NAMES)],
      health: ['HUB_PRINCIPAL_KEY_HEALTH', ...service('health'), 'HUB_HEALTH_PASS_KEY', 'HUB_HEALTH_PASS_IDENTITY_KEY'],
      licensing: ['HUB_PRINCIPAL_KEY_LICENSING', ...service('licensing')],
      transport: ['HUB_PRINCIPAL_KEY_TRANSPORT', ...service('transport'), 'HUB_HEALTH_PASS_PUBLIC_KEY', 'HUB_HEALTH_PASS_IDENTITY_KEY', 'HUB_TRANSPORT_WEBHOOK_KEY'],
      water: ['HUB_PRINCIPAL_KEY_WATER', ...service('water')],
      sensors: ['HUB_PRINCIPAL_KEY_SENSORS', ...service('sensors')],
    };
    for (const name of SERVICES) expect({ name, keys: keyVariables(childEnvironment(name, config, parentEnv)) }).toEqual({ name, keys: [...expected[name]].sort() });
  });

  it("gives a subgraph the same principal key the gateway signs its fetches with, and a different one from every other subgraph's", () => {
    const gateway = loadConfig(childEnvironment('gateway', config, parentEnv));
    for (const name of SUBGRAPH_NAMES) {
      const own = loadConfig(childEnvironment(name, config, parentEnv));
      expect(toBase64(principalKeyOf(own, name))).toBe(toBase64(principalKeyOf(gateway, name)));
      expect(toBase64(serviceKeyOf(own, name))).toBe(toBase64(serviceKeyOf(loadConfig(childEnvironment('consent', config, parentEnv)), name)));
      for (const other of SUBGRAPH_NAMES.filter((o) => o !== name)) expect(own.serviceSecrets.principal[other]).toBeUndefined();
      // Only the gateway and consent hold the root of the consent MAC.
      expect(own.serviceSecrets.principalConsent === undefined).toBe(name !== 'consent');
    }
  });

  it("refuses, in every other subgraph, a principal MAC'd with one subgraph's key", () => {
    const principal: Principal = { kind: 'staff', id: 'health', department: 'health', roles: ['staff'], scopes: [], purpose: 'PUBLIC_HEALTH', requestId: 'r-1' };
    const healthKey = principalKeyOf(loadConfig(childEnvironment('health', config, parentEnv)), 'health');
    for (const target of SUBGRAPH_NAMES.filter((n) => n !== 'health')) {
      const forged = signPrincipal(principal, target, { subgraph: healthKey, consent: healthKey });
      const targetKey = principalKeyOf(loadConfig(childEnvironment(target, config, parentEnv)), target);
      expect({ target, result: verifyPrincipal(forged, target, targetKey) }).toEqual({ target, result: { ok: false, reason: 'bad-mac' } });
    }
  });

  it('lets no department make a principal the consent service accepts, with every key it holds; the gateway can', () => {
    const citizen: Principal = { kind: 'citizen', id: 'C-0042', roles: [], scopes: [], requestId: 'r-1' };
    const consent = loadConfig(childEnvironment('consent', config, parentEnv));
    for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'consent')) {
      const own = loadConfig(childEnvironment(name, config, parentEnv));
      const held = Object.values(childEnvironment(name, config, parentEnv)).filter((v) => /^[A-Za-z0-9+/]{43}=$/.test(v)).map((v) => Buffer.from(v, 'base64'));
      expect(held.length).toBeGreaterThan(0);
      // What the department's own server accepts: the gateway's header, and one it makes itself.
      const made = signPrincipal(citizen, name, { subgraph: principalKeyOf(own, name), consent: principalKeyOf(own, name) });
      expect(verifyPrincipal(made, name, principalKeyOf(own, name)).ok).toBe(true);
      for (const key of held) {
        const forged = signPrincipal(citizen, name, { subgraph: principalKeyOf(own, name), consent: key });
        expect({ name, result: verifyPrincipalForConsent(forged, name, principalConsentKeyOf(consent, name)) }).toEqual({ name, result: { ok: false, reason: 'bad-mac' } });
      }
      const fromGateway = signPrincipal(citizen, name, principalSigningKeysOf(loadConfig(childEnvironment('gateway', config, parentEnv)), name));
      expect(verifyPrincipalForConsent(fromGateway, name, principalConsentKeyOf(consent, name))).toEqual({ ok: true, principal: citizen });
      expect(verifyPrincipal(fromGateway, name, principalKeyOf(own, name))).toEqual({ ok: true, principal: citizen });
    }
  });
});

describe("the development identity provider's environment", () => {
  it('holds no key and no other service\'s address: its port, the portal\'s port, the client ids, the demo citizens and how to run', () => {
    const withOidc = loadConfig({ ...parentEnv, HUB_DATA_DIR: dataDir, HUB_PORT_IDENTITY: '4410', HUB_PORT_GATEWAY: '4400', MONGODB_URI: 'mongodb://db/x', REDIS_URL: 'redis://r' });
    const env = identityProviderEnvironment(withOidc, parentEnv);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'HUB_DATA_DIR', 'HUB_HOST', 'HUB_LOG_LEVEL', 'HUB_OIDC_CLIENT_ID', 'HUB_OIDC_STAFF_CLIENT_ID', 'HUB_PORT_GATEWAY', 'HUB_PORT_IDENTITY', 'HUB_SEED_CITIZENS', 'NODE_ENV', 'PATH']);
    for (const secret of [ROOT, MASTER, PASS_SEED, PASS_IDENTITY]) expect(Object.values(env)).not.toContain(secret);
    const parsed = loadConfig(env);
    expect(parsed.oidc).toEqual({ issuer: 'http://localhost:4410', clientId: 'citygraph-portal', jwksUrl: 'http://localhost:4410/jwks', devProvider: true, staffClientId: 'citygraph-staff' });
    expect(parsed.ports.gateway).toBe(4400);
  });
});
