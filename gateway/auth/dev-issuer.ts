import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { HubConfig } from '../../platform/config.js';

/**
 * The development token issuer: an Ed25519 key pair generated into `<dataDir>/keys` on first use. Production
 * verifies tokens against HUB_JWKS_URL instead and never reads these files.
 */
const ALG = 'EdDSA';

function files(config: HubConfig) {
  const dir = path.join(config.dataDir, 'keys');
  return { dir, privateKey: path.join(dir, 'jwt-signing.jwk.json'), jwks: path.join(dir, 'jwks.json') };
}

export async function ensureDevIssuerKeys(config: HubConfig): Promise<{ privateJwk: JWK; jwks: { keys: JWK[] } }> {
  const f = files(config);
  if (!fs.existsSync(f.privateKey)) {
    fs.mkdirSync(f.dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true, crv: 'Ed25519' });
    const kid = `dev-${Date.now().toString(36)}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    try {
      fs.writeFileSync(f.privateKey, JSON.stringify(privateJwk), { flag: 'wx', mode: 0o600 });
      fs.writeFileSync(f.jwks, JSON.stringify({ keys: [publicJwk] }), { mode: 0o644 });
    } catch (error) {
      // Another process created them first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    privateJwk: JSON.parse(fs.readFileSync(f.privateKey, 'utf8')) as JWK,
    jwks: JSON.parse(fs.readFileSync(f.jwks, 'utf8')) as { keys: JWK[] },
  };
}

export interface DevTokenClaims {
  sub: string;
  roles?: string[];
  department?: string;
}

export async function issueDevToken(config: HubConfig, claims: DevTokenClaims, ttlSeconds = 12 * 3600): Promise<string> {
  const { privateJwk } = await ensureDevIssuerKeys(config);
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({ roles: claims.roles ?? [], ...(claims.department ? { department: claims.department } : {}) })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid })
    .setSubject(claims.sub)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
