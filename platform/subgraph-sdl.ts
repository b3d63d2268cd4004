import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';
import type { SubgraphName } from './services.js';

/** Reading a subgraph's SDL from disk: department-neutral, used by every subgraph's bootstrap and by the gateway's composition. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_SDL_FILE = path.join(REPO_ROOT, 'schema/personal.graphql');

/** A subgraph's SDL: the shared `@personal` definitions followed by every `.graphql` file in its schema folder. */
export function loadSubgraphSdl(schemaDir: string): string {
  const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.graphql')).sort();
  if (files.length === 0) throw new Error(`no .graphql files in ${schemaDir}`);
  return [fs.readFileSync(SHARED_SDL_FILE, 'utf8'), ...files.map((f) => fs.readFileSync(path.join(schemaDir, f), 'utf8'))].join('\n');
}

export function loadSubgraphTypeDefs(schemaDir: string): DocumentNode {
  return parse(loadSubgraphSdl(schemaDir));
}

export function subgraphSchemaDir(name: SubgraphName): string {
  return name === 'consent' ? path.join(REPO_ROOT, 'consent/subgraph/schema') : path.join(REPO_ROOT, 'subgraphs', name, 'schema');
}
