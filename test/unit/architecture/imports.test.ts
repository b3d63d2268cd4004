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
/**
 * The one door (ARCHITECTURE §4): what department code may import from consent/. The kit starts a subgraph and
 * hands resolvers a context with no key; the capabilities seal (write-only) and read through the door; the embedding
 * check is pure validation. Everything that opens a field or speaks the decision protocol (crypto, the guard, the
 * transform, the authority) is out of reach.
 */
const DEPARTMENT_MAY_IMPORT_FROM_CONSENT = new Set(['consent/enforcement/subgraph-kit.js', 'consent/enforcement/department-capabilities.js', 'consent/biometrics/embedding.js']);
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
    if (target === 'seed' && source !== 'seed') report('demo data stays in seed/: services never import it');
    const a = departmentOf(edge.from);
    const b = departmentOf(edge.to);
    if (a && b && a !== b) report(`department ${a} imports department ${b}`);
    if (a && target === 'consent' && !DEPARTMENT_MAY_IMPORT_FROM_CONSENT.has(edge.to)) report('department code reaches consent only through the kit and its capabilities (one door)');
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

  it('starts departments without personal data without the consent library (water, sensors)', () => {
    const reaching = edges.filter((e) => /^subgraphs\/(water|sensors)\//.test(e.from) && top(e.to) === 'consent');
    expect(reaching.map((e) => `${e.from}: ${e.specifier}`)).toEqual([]);
    expect(edges.some((e) => e.from === 'subgraphs/water/server.ts' && e.to === 'platform/department-subgraph.js')).toBe(true);
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
      cross('subgraphs/health/records.ts', '../../consent/crypto/field-cipher.js'),
      cross('subgraphs/transport/resolvers/Trip.ts', '../../../consent/enforcement/consent-guard.js'),
      cross('subgraphs/licensing/domain/x.ts', '../../../seed/demo-layout.js'),
      // allowed
      cross('subgraphs/health/records.ts', '../../consent/enforcement/department-capabilities.js'),
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
      'subgraphs/health/records.ts',
      'subgraphs/transport/resolvers/Trip.ts',
      'subgraphs/licensing/domain/x.ts',
    ]);
  });
});

/**
 * The protocol disappears from department code (ARCHITECTURE §4): no department source names a step of the decision
 * protocol or a way to open a field, whatever it imports. DataLoader's own cache priming goes through
 * platform/loaders.ts (`rememberLoaded`), so `prime(` names nothing legitimate in department code either.
 */
const PROTOCOL = /\.prime\(|\.decision\(|\.enforce\(|selectCategories|writeKeys|requireSelf|openField|sealField|subgraphDataKey|categoryDataKey|guardOf|ConsentGuard/;

function protocolUses(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const source = stripComments(fs.readFileSync(file, 'utf8'));
    return source.split('\n').flatMap((line, i) => (PROTOCOL.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : []));
  });
}

describe('one door: department code does not speak the consent protocol', () => {
  const departmentFiles = tsFiles(path.join(ROOT, 'subgraphs')).filter((file) => departmentOf(path.relative(ROOT, file).split(path.sep).join('/')) && !file.includes('__generated__'));

  it('scans every department file', () => {
    expect(departmentFiles.length).toBeGreaterThan(40);
  });

  it('names no step of the protocol and no way to open a field', () => {
    expect(protocolUses(departmentFiles)).toEqual([]);
  });

  it('catches a resolver that asks for a decision and opens a value by hand', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test/.tmp-protocol-'));
    try {
      const file = path.join(dir, 'Trip.ts');
      fs.writeFileSync(file, "export const station = async (p, _a, ctx) => {\n  const d = await ctx.consent.decision(p.citizenId);\n  return openField(d.key, binding, p.stationId);\n};\n");
      expect(protocolUses([file])).toHaveLength(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declares every data export @selfOnly in the schema, not by hand', () => {
    const exports = ['consent/subgraph/schema', ...fs.readdirSync(path.join(ROOT, 'subgraphs')).map((d) => `subgraphs/${d}/schema`)]
      .map((dir) => path.join(ROOT, dir, 'export.graphql'))
      .filter((file) => fs.existsSync(file));
    expect(exports.length).toBe(4);
    for (const file of exports) expect(fs.readFileSync(file, 'utf8')).toMatch(/type DataExport @key\(fields: "citizenId"\) @selfOnly \{/);
  });
});

/**
 * consent/ is layered (ARCHITECTURE §2): policy, crypto and the enforcement types at the bottom, then the store
 * (consent/subgraph/store.ts), the pure domain (notification templates and channels beside it), the authority, the
 * services (biometrics among them), and the subgraph on top; the enforcement kit that departments use stands apart,
 * reaches only the bottom layer, and is used by the services and the subgraph. A value import
 * never runs back up; `import type` edges are contracts with no runtime dependency and are not counted.
 */
const CONSENT_LAYERS: Record<string, number> = { crypto: 0, policy: 0, domain: 2, notify: 2, authority: 3, services: 4, biometrics: 4, subgraph: 5 };

function consentLayer(file: string): number | 'enforcement' {
  if (file === 'consent/enforcement/types.ts' || file === 'consent/enforcement/types.js') return 0;
  if (/^consent\/subgraph\/store\.(ts|js)$/.test(file)) return 1;
  const folder = file.split('/')[1]!;
  if (folder === 'enforcement') return 'enforcement';
  return CONSENT_LAYERS[folder] ?? 9;
}

function consentValueImports(): Array<{ from: string; to: string }> {
  return tsFiles(path.join(ROOT, 'consent'))
    .filter((file) => !file.includes('__generated__'))
    .flatMap((file) => {
      const from = path.relative(ROOT, file).split(path.sep).join('/');
      const source = stripComments(fs.readFileSync(file, 'utf8'));
      return [...source.matchAll(/\bimport\s+(type\s+)?[^;]*?\bfrom\s*['"]([^'"]+)['"]/g)]
        .filter((m) => !m[1] && m[2]!.startsWith('.'))
        .map((m) => ({ from, to: path.relative(ROOT, path.resolve(path.dirname(file), m[2]!)).split(path.sep).join('/') }))
        .filter((edge) => edge.to.startsWith('consent/'));
    });
}

function layerViolations(edges: ReadonlyArray<{ from: string; to: string }>): string[] {
  return edges.flatMap(({ from, to }) => {
    const a = consentLayer(from);
    const b = consentLayer(to);
    if (a === 'enforcement') return b === 0 || b === 'enforcement' ? [] : [`${from} -> ${to} (the enforcement kit reaches only policy, crypto and its types)`];
    // The door itself (reading a citizen's contact field as a department's service, for a notification) is used by
    // the services too; nothing below them may use it.
    if (b === 'enforcement') return a >= 4 ? [] : [`${from} -> ${to} (only the services and the subgraph use the enforcement kit)`];
    return b > a ? [`${from} -> ${to} (layer ${a} imports layer ${b})`] : [];
  });
}

describe('consent/ is layered: store -> domain -> authority -> services -> subgraph', () => {
  const edges = consentValueImports();

  it('reads consent’s value imports', () => {
    expect(edges.some((e) => e.from.startsWith('consent/subgraph/') && e.to.startsWith('consent/services/'))).toBe(true);
  });

  it('has no value import running back up a layer', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('catches an import back up, and a kit that reaches the authority', () => {
    expect(
      layerViolations([
        { from: 'consent/authority/local-authority.ts', to: 'consent/services/break-glass-service.js' },
        { from: 'consent/subgraph/store.ts', to: 'consent/services/grant-service.js' },
        { from: 'consent/domain/decide.ts', to: 'consent/subgraph/store.js' },
        { from: 'consent/enforcement/consent-guard.ts', to: 'consent/authority/local-authority.js' },
        { from: 'consent/subgraph/server.ts', to: 'consent/enforcement/subgraph-kit.js' },
        { from: 'consent/services/notification-service.ts', to: 'consent/enforcement/department-capabilities.js' },
      ]),
    ).toEqual([expect.stringContaining('local-authority.ts'), expect.stringContaining('store.ts'), expect.stringContaining('consent-guard.ts')]);
  });
});
