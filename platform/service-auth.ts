import { sodium, toBase64Url } from './sodium.js';
import type { SubgraphName } from './services.js';

/**
 * The service-call MAC (ARCHITECTURE §3): a subgraph or the gateway authenticates a call into the consent service
 * with its own service key. The header is `<caller>.<base64url crypto_auth(body)>`.
 */
export const SERVICE_HEADER = 'x-citygraph-service';

export function signServiceCall(subgraph: SubgraphName | 'gateway', body: string, key: Uint8Array): string {
  return `${subgraph}.${toBase64Url(sodium().crypto_auth(body, key))}`;
}

export function verifyServiceCall(header: string | undefined, body: string, keyFor: (subgraph: SubgraphName) => Uint8Array | undefined): SubgraphName | undefined {
  if (!header) return undefined;
  const dot = header.indexOf('.');
  if (dot < 0) return undefined;
  const subgraph = header.slice(0, dot) as SubgraphName;
  const key = keyFor(subgraph);
  if (!key) return undefined;
  const mac = Buffer.from(header.slice(dot + 1), 'base64url');
  if (mac.length !== 32) return undefined;
  return sodium().crypto_auth_verify(new Uint8Array(mac), body, key) ? subgraph : undefined;
}
