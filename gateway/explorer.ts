import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const DEFAULT_QUERY = `# Welcome to citygraph. Public data needs no token:
query FloodOverview {
  districts { id name floodRisk { level score reasons } }
}
`;

/**
 * The explorer page, bundled with the hub (no CDN): works offline. The header editor shows how to send a dev token
 * (`npm run -s hub -- token citizen C-0001`).
 */
export function renderExplorer(): string {
  return renderGraphiQL({
    endpoint: '/graphql',
    title: 'citygraph explorer',
    defaultQuery: DEFAULT_QUERY,
    headers: JSON.stringify({ Authorization: 'Bearer <paste the output of: npm run -s hub -- token citizen C-0001>' }, null, 2),
    headerEditorEnabled: true,
  } as Parameters<typeof renderGraphiQL>[0]);
}
