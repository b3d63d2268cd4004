import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The layout shows the boundary (ARCHITECTURE §2): every relative import (static `import`/`export ... from`, side-effect
 * `import '...'` and dynamic `import('...')`) of every `.ts` file in the service trees is resolved to the top-level
 * folder it reaches, and checked against the rules below. A failure lists every offending file and specifier.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/** The trees that run in production (seed/ runs there too: `hub seed`). */
const SOURCE_TREES = ['gateway', 'subgraphs', 'consent', 'platform', 'contracts', 'seed'] as const;
/** Never imported by anything in SOURCE_TREES. */
const OFFLINE_TREES = new Set(['bin', 'test', 'bench']);
/** `subgraphs/<name>/` folders that are not a department. */
const SHARED_SUBGRAPH_FOLDERS = new Set(['shared']);

interface ImportEdge {
  /** Importing file, relative to the project root, with `/` separators. */
  from: string;
  specifier: string;
  /** The resolved target, relative to the project root. */
  to: string;
}

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Block comments and whole-line `//` comments, so that prose mentioning `from '../x'` is not read as an import. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const PATTERNS = [
  /\bfrom\s*['"]([^'"]+)['"]/g, // import ... from '...', export ... from '...' (also across lines)
  /\bimport\s*['"]([^'"]+)['"]/g, // import '...'
  /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g, // import('...')
];

function importsOf(file: string): ImportEdge[] {
  const source = stripComments(fs.readFileSync(file, 'utf8'));
  const from = path.relative(ROOT, file).split(path.sep).join('/');
  const edges: ImportEdge[] = [];
  for (const pattern of PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) continue; // a package (or node:): not part of the layout
      const to = path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
      edges.push({ from, specifier, to });
    }
  }
  return edges;
}

const top = (p: string) => p.split('/')[0]!;

/** `subgraphs/<department>/...` -> the department; anything else (a shared folder, a top-level file) -> undefined. */
function departmentOf(p: string): string | undefined {
  const parts = p.split('/');
  if (parts[0] !== 'subgraphs' || parts.length < 3 || SHARED_SUBGRAPH_FOLDERS.has(parts[1]!)) return undefined;
  return parts[1];
}

/** Every rule an import breaks, as `file: 'specifier' (rule)`. */
function violations(edges: readonly ImportEdge[]): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const source = top(edge.from);
    const target = top(edge.to);
    const report = (rule: string) => found.push(`${edge.from}: '${edge.specifier}' (${rule})`);
    if (edge.to.startsWith('..')) report('reaches outside the project');
    if (source === 'platform' && target !== 'platform') report('platform/ imports only platform/');
    if (source === 'contracts' && target !== 'platform' && target !== 'contracts') report('contracts/ imports only platform/ and contracts/');
    if (source === 'gateway' && (target === 'consent' || target === 'subgraphs')) report('the gateway reaches consent and the departments over HTTP only');
    if (OFFLINE_TREES.has(target)) report(`production code never imports ${target}/`);
    const a = departmentOf(edge.from);
    const b = departmentOf(edge.to);
    if (a && b && a !== b) report(`department ${a} imports department ${b}`);
  }
  return found;
}

const edges = SOURCE_TREES.flatMap((tree) => tsFiles(path.join(ROOT, tree))).flatMap(importsOf);

describe('the layout shows the boundary (ARCHITECTURE §2)', () => {
  it('reads the imports of every source tree', () => {
    // A guard on the scanner itself: if it found nothing, every rule below would pass vacuously.
    expect(edges.some((e) => e.from.startsWith('gateway/') && e.to.startsWith('platform/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('subgraphs/') && e.specifier.startsWith('./'))).toBe(true);
    expect(edges.some((e) => e.from === 'subgraphs/runtime.ts' && e.to.startsWith('subgraphs/health/'))).toBe(true); // a dynamic import()
  });

  it('breaks none of the rules', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('catches each kind of crossing', () => {
    const cross = (from: string, specifier: string): ImportEdge => ({ from, specifier, to: path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)) });
    const found = violations([
      cross('platform/x.ts', '../consent/y.js'),
      cross('contracts/a/x.ts', '../../subgraphs/health/y.js'),
      cross('gateway/auth/x.ts', '../../consent/services/y.js'),
      cross('gateway/x.ts', '../subgraphs/health/y.js'),
      cross('consent/x.ts', '../bench/y.js'),
      cross('subgraphs/sensors/seed.ts', '../water/y.js'),
      // allowed
      cross('contracts/a/x.ts', '../../platform/y.js'),
      cross('consent/x.ts', '../contracts/a/y.js'),
      cross('subgraphs/water/x.ts', '../shared/y.js'),
      cross('subgraphs/water/x.ts', './domain/y.js'),
    ]);
    expect(found.map((line) => line.split(':')[0])).toEqual([
      'platform/x.ts',
      'contracts/a/x.ts',
      'gateway/auth/x.ts',
      'gateway/x.ts',
      'consent/x.ts',
      'subgraphs/sensors/seed.ts',
    ]);
  });
});
