import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_DIRS } from '../codegen.js';

/**
 * Fails when committed generated files differ from their sources: the supergraph (composition, with the
 * @personal checks) and every subgraph's resolver types (codegen). Regenerates into the work tree, compares
 * with the committed copies, and restores them.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const generated = Object.values(SUBGRAPH_DIRS)
  .map((dir) => path.join(root, dir, '__generated__/resolvers-types.ts'))
  .filter((file) => fs.existsSync(path.dirname(path.dirname(file)) + '/schema'));
const backup = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-drift-'));
const saved = generated.map((file, i) => {
  const copy = path.join(backup, `${i}.ts`);
  if (fs.existsSync(file)) fs.copyFileSync(file, copy);
  return { file, copy, existed: fs.existsSync(file) };
});
let stale: string[] = [];
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  stale = saved.filter(({ file, copy, existed }) => !existed || fs.readFileSync(file, 'utf8') !== fs.readFileSync(copy, 'utf8')).map(({ file }) => path.relative(root, file));
} finally {
  for (const { file, copy, existed } of saved) if (existed) fs.copyFileSync(copy, file);
  fs.rmSync(backup, { recursive: true, force: true });
}
if (stale.length) {
  process.stderr.write(`generated resolver types are stale (run \`npm run codegen\` and commit):\n${stale.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bin/hub.ts'), 'compose', '--check'], { cwd: root, stdio: 'inherit' });
process.stderr.write('generated types are up to date\n');
