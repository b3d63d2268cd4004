import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../platform/config.js';
import { healthPassIdentityKey, healthPassKey, healthPassPublicKey, masterKey, namedKey, principalKeyOf, serviceKeyOf } from '../../../platform/keys.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-keys-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('named development keys', () => {
  it('creates <dataDir>/keys/<name>.key once, readable by the owner only, and answers the same key afterwards', () => {
    const config = loadConfig({ HUB_DATA_DIR: dataDir });
    const key = namedKey(config, 'example');
    expect(key).toHaveLength(32);
    const file = path.join(dataDir, 'keys', 'example.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(namedKey(config, 'example')).toEqual(key);
    expect(namedKey(config, 'other')).not.toEqual(key);
  });

  it('refuses names that could leave the key directory', () => {
    const config = loadConfig({ HUB_DATA_DIR: dataDir });
    for (const name of ['../master', 'a/b', '', 'UPPER', '.hidden']) expect(() => namedKey(config, name)).toThrow(/not a key name/);
  });

  it('takes the health-pass keys from configuration when given, else from their own key files', () => {
    const given = Buffer.alloc(32, 9).toString('base64');
    const configured = loadConfig({ HUB_DATA_DIR: dataDir, HUB_HEALTH_PASS_KEY: given, HUB_HEALTH_PASS_IDENTITY_KEY: Buffer.alloc(32, 4).toString('base64') });
    expect(healthPassKey(configured)).toEqual(new Uint8Array(32).fill(9));
    expect(healthPassIdentityKey(configured)).toEqual(new Uint8Array(32).fill(4));
    const development = loadConfig({ HUB_DATA_DIR: dataDir });
    expect(healthPassKey(development)).toEqual(namedKey(development, 'health-pass'));
    expect(healthPassIdentityKey(development)).toEqual(namedKey(development, 'health-pass-identity'));
    expect(healthPassKey(development)).not.toEqual(healthPassIdentityKey(development));
  });

  it('in production, gives each service only a configured key and never falls back to the development files', () => {
    const production = loadConfig({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWKS_URL: 'https://id.example.org/jwks' });
    const problems = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems(() => healthPassKey(production))).toEqual([expect.stringMatching(/^HUB_HEALTH_PASS_KEY: required in production/)]);
    expect(problems(() => healthPassIdentityKey(production))).toEqual([expect.stringMatching(/^HUB_HEALTH_PASS_IDENTITY_KEY: required in production/)]);
    expect(problems(() => healthPassPublicKey(production))).toEqual([expect.stringMatching(/^HUB_HEALTH_PASS_PUBLIC_KEY: required in production/)]);
    expect(problems(() => masterKey(production))).toEqual([expect.stringMatching(/^HUB_MASTER_KEY: required in production/)]);
    expect(problems(() => principalKeyOf(production, 'water'))).toEqual([expect.stringMatching(/^HUB_PRINCIPAL_KEY_WATER: required in production/)]);
    expect(problems(() => serviceKeyOf(production, 'gateway'))).toEqual([expect.stringMatching(/^HUB_SERVICE_KEY_GATEWAY: required in production/)]);
    const given = loadConfig({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWKS_URL: 'https://id.example.org/jwks', HUB_PRINCIPAL_KEY_WATER: Buffer.alloc(32, 7).toString('base64') });
    expect(principalKeyOf(given, 'water')).toEqual(new Uint8Array(32).fill(7));
  });
});
