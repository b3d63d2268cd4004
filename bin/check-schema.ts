import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  apiSchemaOf,
  breakingChanges,
  formatPrivacyDiff,
  parseDeclarations,
  partnerOperationChanges,
  personalFieldChanges,
  statuteChanges,
} from './lib/schema-governance.js';

/**
 * `npm run check:schema [-- --base <ref>]`: the public API schema (the supergraph's API schema)
 * against the base commit's (default HEAD~1). Fails on a breaking change not declared in
 * schema/breaking-changes.json; prints the privacy diff (@personal fields, statutes, partners' registered operations)
 * either way, so that a reviewer sees what a change widens. Passes with a note when there is nothing to compare with.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SUPERGRAPH = 'schema/supergraph.graphql';
const STATUTES = 'consent/policy/statutes.json';
const PARTNER_OPERATIONS = 'consent/policy/partner-operations';
const DECLARATIONS = 'schema/breaking-changes.json';

const { values } = parseArgs({ options: { base: { type: 'string' } }, strict: true });
const explicitBase = values.base;
const base = explicitBase ?? 'HEAD~1';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
const atBase = (file: string) => git(['show', `${base}:${file}`]);
const now = (file: string) => (fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), 'utf8') : undefined);

function operations(read: (file: string) => string | undefined, list: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of list.filter((f) => f.endsWith('.graphql'))) {
    const text = read(`${PARTNER_OPERATIONS}/${name}`);
    if (text !== undefined) found.set(name, text);
  }
  return found;
}

async function main(): Promise<number> {
  if (git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]) === undefined) {
    // A base named by the caller must exist (a typo must not turn the check off); HEAD~1 may not (first commit, shallow clone).
    if (explicitBase) throw new Error(`base ${base} is not a commit here`);
    process.stdout.write(`check:schema: no base commit ${base} to compare with: passing (nothing to diff)\n`);
    return 0;
  }
  const beforeSdl = atBase(SUPERGRAPH);
  const afterSdl = now(SUPERGRAPH);
  if (!afterSdl) throw new Error(`${SUPERGRAPH} is missing: run npm run compose`);
  let failed = false;
  if (beforeSdl === undefined) {
    process.stdout.write(`check:schema: ${base} has no ${SUPERGRAPH}: passing the breaking-change check (nothing to diff)\n`);
  } else {
    const declared = now(DECLARATIONS) ? parseDeclarations(JSON.parse(now(DECLARATIONS)!)) : [];
    const report = await breakingChanges(apiSchemaOf(beforeSdl), apiSchemaOf(afterSdl), declared);
    const undeclared = report.breaking.filter((b) => !b.declared);
    process.stdout.write(`check:schema: public API against ${base}: ${report.breaking.length} breaking (${undeclared.length} undeclared), ${report.dangerous.length} dangerous, ${report.safe} safe\n`);
    for (const b of report.breaking) process.stdout.write(`  ${b.declared ? 'BREAKING (declared)' : 'BREAKING'} ${b.path}: ${b.message}${b.declared ? ` — ${b.declared}` : ''}\n`);
    for (const d of report.dangerous) process.stdout.write(`  DANGEROUS ${d.path}: ${d.message}\n`);
    for (const d of report.unusedDeclarations) process.stdout.write(`  note: ${DECLARATIONS} accepts ${d.path}${d.type ? ` (${d.type})` : ''}, which this diff does not contain (already shipped? remove it)\n`);
    if (undeclared.length) {
      process.stdout.write(`check:schema: FAILED: declare each accepted breaking change in ${DECLARATIONS} as {"path", "type", "reason"}, or keep the old field (deprecate it first)\n`);
      failed = true;
    }
  }
  const changes = [
    ...(beforeSdl !== undefined ? personalFieldChanges(beforeSdl, afterSdl) : []),
    ...statuteChanges(JSON.parse(atBase(STATUTES) ?? '{"rules": []}'), JSON.parse(now(STATUTES) ?? '{"rules": []}')),
    ...partnerOperationChanges(
      operations(atBase, (git(['ls-tree', '--name-only', `${base}:${PARTNER_OPERATIONS}`]) ?? '').split('\n').filter(Boolean)),
      operations(now, fs.existsSync(path.join(ROOT, PARTNER_OPERATIONS)) ? fs.readdirSync(path.join(ROOT, PARTNER_OPERATIONS)) : []),
    ),
  ];
  process.stdout.write(`${formatPrivacyDiff(changes)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`check:schema: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
