import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { HubConfig } from '../platform/config.js';
import { issueDevToken } from './auth/dev-issuer.js';

/** The demo citizen whose token the development explorer starts with (seeded with data in every department). */
export const EXPLORER_CITIZEN = 'C-0001';

const DEFAULT_QUERY = `# Welcome to citygraph.
# The Headers tab below holds a development
# token for citizen ${EXPLORER_CITIZEN}, issued as this page
# loaded. For someone else, print a token:
#   npm run -s hub -- token citizen C-0002
#   npm run -s hub -- token staff transport
# (staff also send "X-Purpose": "SERVICE_DELIVERY")
# and paste it over the one in Headers.
# Run (Ctrl-Enter) and pick an operation.

query Me {
  me {
    id
    name
    healthCode { status reasons }
    savedPlaces { label address }
    consents { grantee { name } purpose categories status validUntil }
  }
}

# Public data needs no token at all:
query FloodOverview {
  districts { id name floodRisk { level score reasons } }
}
`;

/**
 * The explorer page, bundled with the hub (no CDN): works offline. In development the header editor is pre-filled
 * with a real dev token for the demo citizen, issued at render time, so that a new developer's first query works;
 * it carries a token only where `devTokensAllowed` says so (development, loopback, a loopback `Host`).
 */
export async function renderExplorer(config: HubConfig, options: { withDevToken: boolean }): Promise<string> {
  const headers = !options.withDevToken
      ? { Authorization: 'Bearer <your token>' }
      : { Authorization: `Bearer ${await issueDevToken(config, { sub: EXPLORER_CITIZEN })}` };
  const headerJson = JSON.stringify(headers, null, 2);
  return renderGraphiQL({
    endpoint: '/graphql',
    title: 'citygraph explorer',
    defaultQuery: DEFAULT_QUERY,
    headers: headerJson,
    // A tab restored from the browser's storage gets the fresh token too (headers are not persisted).
    defaultHeaders: headerJson,
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  } as Parameters<typeof renderGraphiQL>[0]);
}
