import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * `npm run build [-- --out-dir DIR]`: the production JavaScript, run with plain `node` (no tsx).
 *
 * 1. tsc with tsconfig.build.json emits `<out>/` mirroring the source tree (`<out>/bin/start.js`, `<out>/gateway/...`).
 * 2. Every non-TypeScript asset the code finds relative to its own file (`import.meta.url`) is copied to the same
 *    relative place: the shared and per-subgraph SDL, the supergraph, the policy files and the portal. So the code
 *    resolves them identically from the sources (development, tsx) and from `<out>/` (production).
 * 3. `<out>/package.json` says `"type": "module"`, so `<out>/` runs wherever it is placed, beside a `node_modules`.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folders (relative to the project root) whose non-TypeScript files the running code reads. */
export const ASSET_ROOTS = ['schema', 'portal', 'consent', 'contracts', 'subgraphs', 'gateway', 'platform'];

function isAsset(file: string): boolean {
  return !file.endsWith('.ts') && !file.split(path.sep).includes('__generated__');
}

function copyAssets(from: string, to: string): number {
  let copied = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '__generated__') continue;
      copied += copyAssets(source, target);
    } else if (entry.isFile() && isAsset(source)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
      copied += 1;
    }
  }
  return copied;
}

export function build(outDir: string): { assets: number; ms: number } {
  const started = Date.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status ?? tsc.signal})`);
  let assets = 0;
  for (const folder of ASSET_ROOTS) assets += copyAssets(path.join(ROOT, folder), path.join(outDir, folder));
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
  return { assets, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: path.join(ROOT, 'dist') } }, strict: true });
  const outDir = path.resolve(values['out-dir']!);
  const { assets, ms } = build(outDir);
  process.stderr.write(`built ${path.relative(process.cwd(), outDir) || outDir} (${assets} assets) in ${(ms / 1000).toFixed(1)} s\n`);
}
