import fs from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * One `generates` entry per subgraph, each from the shared `@personal` SDL plus the subgraph's own schema files.
 * Mappers follow The Guild's convention: every `export interface XMapper` / `export type XMapper` in the
 * subgraph's `mappers.ts` maps GraphQL type X. Generated files are committed; `npm run check:drift` fails when
 * they differ from what this config produces.
 */
export const SUBGRAPH_DIRS: Record<string, string> = {
  consent: 'consent/subgraph',
  health: 'subgraphs/health',
  licensing: 'subgraphs/licensing',
  transport: 'subgraphs/transport',
  water: 'subgraphs/water',
  sensors: 'subgraphs/sensors',
};

function mappersOf(dir: string): Record<string, string> {
  const file = path.join(dir, 'mappers.ts');
  if (!fs.existsSync(file)) return {};
  const source = fs.readFileSync(file, 'utf8');
  const mappers: Record<string, string> = {};
  for (const match of source.matchAll(/export (?:interface|type) (\w+)Mapper\b/g)) {
    mappers[match[1]!] = `../mappers.js#${match[1]}Mapper`;
  }
  return mappers;
}

const generates: CodegenConfig['generates'] = {};
for (const [name, dir] of Object.entries(SUBGRAPH_DIRS)) {
  if (!fs.existsSync(path.join(dir, 'schema'))) continue;
  generates[`${dir}/__generated__/resolvers-types.ts`] = {
    schema: ['schema/personal.graphql', 'schema/codegen-federation.graphql', `${dir}/schema/*.graphql`],
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useIndexSignature: true,
      contextType: `../context.js#${name[0]!.toUpperCase()}${name.slice(1)}Context`,
      mappers: mappersOf(dir),
      scalars: { ID: 'string', DateTime: 'string' },
      enumsAsTypes: true,
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      useTypeImports: true,
      emitLegacyCommonJSImports: false,
    },
  };
}

const config: CodegenConfig = { overwrite: true, generates, silent: true, emitLegacyCommonJSImports: false };

export default config;
