import fs from 'node:fs';
import os from 'node:os';
import { CitygraphError } from '../platform/errors.js';
import { parseDuration } from '../consent/services/partner-service.js';
import { parseArgs } from 'node:util';
import { issueDevToken } from '../gateway/auth/dev-issuer.js';
import { OFFICIAL_ID } from '../gateway/auth/authenticate.js';
import { EMERGENCY_ROLE } from '../platform/principal.js';
import { composeSupergraph } from '../gateway/composition.js';
import { SUPERGRAPH_FILE } from '../gateway/server.js';
import { loadConfig } from '../platform/config.js';
import { isDepartment } from '../platform/services.js';
import { seedHub } from '../seed/hub.js';
import { createConsentServices } from '../consent/subgraph/services.js';
import { loadSodium } from '../platform/sodium.js';
import { openStore } from '../platform/store/index.js';
import { exitOnConfigError, progressBar } from './lib/process.js';
import path from 'node:path';
import { auditLog, parseWitnessFile } from '../consent/services/log-audit.js';
import { ed25519FromSeed, isHeadShape, type SignedTreeHead } from '../contracts/transparency-log/transparency-log.js';
import { witnessKey } from '../platform/keys.js';

/**
 * `npm run -s hub -- <command>`. Stdout carries only the result (a token, a key); messages go to stderr.
 */
const USAGE = `usage: npm run -s hub -- <command>
  token citizen <C-0001>          a dev token for a citizen
  token staff <department> [--official <id>] [--emergency]
                                  a dev token for an official (default <department>-demo) of
                                  health|licensing|transport|water|sensors; --emergency adds the break-glass role
  token admin [name]              a dev token for an administrator
  seed [--citizens N] [--sensors N] [--reset]
                                  seed the demo data (--reset deletes the SQLite data first)
  compose [--check]               compose schema/supergraph.graphql (--check: fail if it is stale)
  verify-log <citizenId> [--head FILE]
                                  audit the access log offline (stores and witness file) from a saved head;
                                  prints {ok, firstBadIndex, checkedEntries}, exit 1 when it does not verify
  partner add <id> --name "..." --purposes TAXI_ASSIST,... [--contact ...] [--requests-per-minute N] [--objects-per-minute N]
                  [--scopes consent:read,transport:read]   default scopes of its keys
  partner subscribe <id> --topic ROAD_HAZARDS --url https://...
                                  call the partner's webhook for the topic's notices (flood alerts); prints
                                  {partnerId, topic, url, secret}: the base64 secret its webhooks are signed with
  key issue --partner <id> [--scopes transport:read,sensors:read] --expires-in 30d
                                  prints only the key (shown once); without --scopes, the partner's registered scopes
  key list [--partner <id>]       keys as JSON lines (never the keys themselves)
  key revoke <keyId>              refused by every gateway within 5 seconds
  key rotate <keyId>              prints only the new key; the old one works for 24 more hours
  operation register --partner <id> --purposes TAXI_ASSIST <file.graphql>
                                  add an operation to a partner's safelist; prints its SHA-256
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<void> {
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    case 'token': {
      const config = exitOnConfigError(loadConfig);
      const [kind, subject] = rest;
      if (kind === 'citizen') {
        if (!subject || !/^C-\d{4,9}$/.test(subject)) fail('token citizen <id>: the id looks like C-0001');
        process.stdout.write(`${await issueDevToken(config, { sub: subject })}\n`);
        return;
      }
      if (kind === 'staff') {
        if (!subject || !isDepartment(subject)) fail('token staff <department> [--official <id>] [--emergency]: one of health, licensing, transport, water, sensors');
        const { values } = parseArgs({ args: rest.slice(2), options: { official: { type: 'string' }, emergency: { type: 'boolean' } } });
        const official = values.official ?? `${subject}-demo`;
        if (!OFFICIAL_ID.test(official)) fail('--official: 1 to 64 letters, digits, dots, dashes or underscores, e.g. T-0042');
        const roles = values.emergency ? ['staff', EMERGENCY_ROLE] : ['staff'];
        process.stdout.write(`${await issueDevToken(config, { sub: `staff:${subject}:${official}`, department: subject, roles })}\n`);
        return;
      }
      if (kind === 'admin') {
        process.stdout.write(`${await issueDevToken(config, { sub: `admin:${subject ?? 'operator'}`, roles: ['admin'] })}\n`);
        return;
      }
      fail(USAGE);
      return;
    }
    case 'seed': {
      const config = exitOnConfigError(loadConfig);
      const { values } = parseArgs({ args: rest, options: { citizens: { type: 'string' }, sensors: { type: 'string' }, reset: { type: 'boolean' } } });
      const citizens = values.citizens ? Number(values.citizens) : config.seed.citizens;
      const sensors = values.sensors ? Number(values.sensors) : config.seed.sensors;
      if (!Number.isInteger(citizens) || citizens < 10 || citizens > 9_999_999) fail('--citizens must be a whole number from 10 to 9999999');
      if (!Number.isInteger(sensors) || sensors < 100 || sensors > 9_999_999) fail('--sensors must be a whole number from 100 to 9999999');
      if (values.reset) {
        if (config.mongodbUri) fail('--reset works on the SQLite files only; drop the citygraph_* databases yourself');
        for (const file of fs.readdirSync(config.dataDir).filter((f) => /\.sqlite(-wal|-shm)?$/.test(f))) fs.rmSync(`${config.dataDir}/${file}`);
      }
      await seedHub(config, { citizens, sensors, progress: progressBar() });
      process.stderr.write(`seeded ${citizens} citizens and ${sensors} sensors\n`);
      return;
    }
    case 'compose': {
      parseArgs({ args: rest, options: { check: { type: 'boolean' } } });
      const result = composeSupergraph();
      if (result.errors.length || !result.supergraphSdl) fail(`composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`, 1);
      const sdl = `${result.supergraphSdl.trimEnd()}\n`;
      if (rest.includes('--check')) {
        const current = fs.existsSync(SUPERGRAPH_FILE) ? fs.readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
        if (current !== sdl) fail('schema/supergraph.graphql is stale: run `npm run compose` and commit it', 1);
        process.stderr.write('supergraph is up to date\n');
        return;
      }
      fs.writeFileSync(SUPERGRAPH_FILE, sdl);
      process.stderr.write(`wrote ${SUPERGRAPH_FILE}\n`);
      return;
    }
    case 'verify-log': {
      const config = exitOnConfigError(loadConfig);
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { head: { type: 'string' } } });
      const [citizenId] = positionals;
      if (!citizenId || !/^C-\d{4,9}$/.test(citizenId)) fail('verify-log <citizenId> [--head FILE]: the id looks like C-0001');
      let savedHead: SignedTreeHead | undefined;
      if (values.head) {
        try {
          savedHead = JSON.parse(fs.readFileSync(values.head, 'utf8')) as SignedTreeHead;
        } catch (error) {
          fail(`--head ${values.head}: not a readable JSON head (${(error as Error).message})`);
        }
        if (!isHeadShape(savedHead)) fail(`--head ${values.head}: expected {treeSize, rootHash, timestamp, signature, keyId}`);
      }
      await loadSodium();
      const witnessFile = path.join(config.transparency.witnessDir, 'heads.jsonl');
      const witnessed = fs.existsSync(witnessFile) ? parseWitnessFile(fs.readFileSync(witnessFile, 'utf8')) : [];
      const store = await openStore(config, 'consent');
      try {
        const services = await createConsentServices(config, store);
        const tag = await services.accessLog.readableTag(citizenId);
        const result = await auditLog({
          leaves: services.store.transparencyLeaves,
          heads: services.store.transparencyHeads,
          authorityKey: services.keys.publicKey,
          citizenTag: tag,
          savedHead,
          witnessed,
          witnessKey: ed25519FromSeed(witnessKey(config)).publicKey,
        });
        process.stdout.write(`${JSON.stringify({ ok: result.ok, firstBadIndex: result.firstBadIndex, checkedEntries: result.checkedEntries })}\n`);
        if (!result.ok) {
          process.stderr.write(`verify-log: ${result.reason}\n`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
      return;
    }
    case 'partner':
    case 'key':
    case 'operation': {
      await adminCommand(command, rest);
      return;
    }
    default:
      fail(USAGE);
  }
}

/** Partner, key and operation administration, straight on the consent store (the operator holds the master key). */
async function adminCommand(area: string, args: string[]): Promise<void> {
  const config = exitOnConfigError(loadConfig);
  await loadSodium();
  const store = await openStore(config, 'consent');
  const actor = `cli:${os.userInfo().username}`;
  try {
    const { partners } = await createConsentServices(config, store);
    const [verb, ...more] = args;
    const { values, positionals } = parseArgs({
      args: more,
      allowPositionals: true,
      options: {
        name: { type: 'string' }, purposes: { type: 'string' }, contact: { type: 'string' },
        'requests-per-minute': { type: 'string' }, 'objects-per-minute': { type: 'string' },
        partner: { type: 'string' }, scopes: { type: 'string' }, 'expires-in': { type: 'string' },
        topic: { type: 'string' }, url: { type: 'string' },
      },
    });
    const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const optionalInt = (text: string | undefined) => (text === undefined ? undefined : Number(text));
    if (area === 'partner' && verb === 'add') {
      const [id] = positionals;
      if (!id || !values.name) fail('partner add <id> --name "..." --purposes TAXI_ASSIST,...');
      const limits = { requestsPerMinute: optionalInt(values['requests-per-minute']), objectsPerMinute: optionalInt(values['objects-per-minute']) };
      const partner = await partners.addPartner(actor, {
        id,
        name: values.name,
        purposes: list(values.purposes),
        contact: values.contact,
        limits: limits.requestsPerMinute || limits.objectsPerMinute ? limits : undefined,
        scopes: values.scopes === undefined ? undefined : list(values.scopes),
      });
      process.stdout.write(`${JSON.stringify(partner)}\n`);
    } else if (area === 'partner' && verb === 'subscribe') {
      const [id] = positionals;
      if (!id || !values.topic || !values.url) fail('partner subscribe <id> --topic ROAD_HAZARDS --url https://...');
      process.stdout.write(`${JSON.stringify(await partners.subscribe(actor, { partnerId: id, topic: values.topic, url: values.url }))}\n`);
    } else if (area === 'key' && verb === 'issue') {
      const expiresInMs = parseDuration(values['expires-in'] ?? '30d');
      if (!values.partner || expiresInMs === undefined) fail('key issue --partner <id> --scopes transport:read --expires-in 30d');
      const issued = await partners.issueKey(actor, { partnerId: values.partner, scopes: list(values.scopes), expiresInMs });
      process.stdout.write(`${issued.key}\n`);
    } else if (area === 'key' && verb === 'list') {
      for (const key of await partners.listKeys(values.partner)) {
        const { hash: _hash, ...visible } = key;
        process.stdout.write(`${JSON.stringify(visible)}\n`);
      }
    } else if (area === 'key' && verb === 'revoke' && positionals[0]) {
      const key = await partners.revokeKey(actor, positionals[0]);
      process.stderr.write(`revoked ${key.id} at ${key.revokedAt}\n`);
    } else if (area === 'key' && verb === 'rotate' && positionals[0]) {
      const rotated = await partners.rotateKey(actor, positionals[0]);
      process.stderr.write(`the old key works until ${rotated.oldKeyValidUntil}\n`);
      process.stdout.write(`${rotated.key}\n`);
    } else if (area === 'operation' && verb === 'register' && positionals[0]) {
      if (!values.partner) fail('operation register --partner <id> --purposes TAXI_ASSIST <file.graphql>');
      const operation = await partners.registerOperation(actor, { partnerId: values.partner, purposes: list(values.purposes), document: fs.readFileSync(positionals[0], 'utf8') });
      process.stdout.write(`${operation.sha256}\n`);
    } else {
      fail(USAGE);
    }
  } catch (error) {
    if (error instanceof CitygraphError) fail(error.message, 1);
    throw error;
  } finally {
    await store.close();
  }
}

/** A bad option or argument (node:util parseArgs) is a usage error: one line saying what, the usage, exit 2. */
function isUsageError(error: unknown): error is Error {
  return error instanceof Error && /^ERR_PARSE_ARGS_/.test(String((error as NodeJS.ErrnoException).code));
}

await main().catch((error: unknown) => {
  if (isUsageError(error)) fail(`hub: ${error.message}\n\n${USAGE.trimEnd()}`);
  throw error;
});
