import { spawn, type ChildProcess } from 'node:child_process';
import { GATEWAY_NODE_FLAGS } from './lib/node-flags.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevIssuerKeys } from '../gateway/auth/dev-issuer.js';
import { loadConfig, subgraphUrl, type HubConfig } from '../platform/config.js';
import { ensureDevKeys, type ServiceName } from '../platform/keys.js';
import { createLogger } from '../platform/logger.js';
import { mailDir, startMailSink, type MailSink } from '../platform/mail-sink.js';
import { SUBGRAPH_NAMES } from '../platform/services.js';
import { isSeeded, seedHub } from '../seed/hub.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../subgraphs/sensors/ingestion/embedded-broker.js';
import { childEnvironment, identityProviderEnvironment } from './lib/child-env.js';
import { exitOnConfigError, progressBar } from './lib/process.js';

/**
 * `npm start`: keys and demo data on first start, then every subgraph and the gateway as child processes in this
 * process's group. A crashed child is restarted (with back-off) and logged; SIGINT/SIGTERM stop everything.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
/** Built (`node dist/bin/start.js`): children run the emitted `.js` with plain node; from the sources, through tsx. */
const compiled = import.meta.url.endsWith('.js');
const config = exitOnConfigError(loadConfig);
const logger = createLogger({ service: 'launcher', level: config.logLevel });

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms`);
}

const children = new Map<string, ChildProcess>();
let stopping = false;
/**
 * Without MQTT_URL the launcher runs the MQTT broker itself, not the sensors process, so that a sensors crash and
 * restart finds its session, and the readings it had not acknowledged, still waiting in the broker.
 */
let embeddedBroker: EmbeddedBroker | undefined;
/** Without HUB_SMTP_URL (development only), the launcher runs the SMTP sink that notifications are e-mailed to. */
let mailSink: MailSink | undefined;

function launch(name: ServiceName | 'identity', script: string, args: string[], env: Record<string, string>, attempt = 0): void {
  const entry = compiled ? [path.join(here, script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', path.join(here, script)];
  const child = spawn(process.execPath, [...(name === 'gateway' ? GATEWAY_NODE_FLAGS : []), ...entry, ...args], {
    // Exactly the child's own environment (bin/lib/child-env.ts): nothing inherited beyond the allow-list.
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  const startedAt = Date.now();
  logger.info({ child: name, pid: child.pid }, 'service started');
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    // Back off on repeated crashes; a service that ran for a minute starts again from the shortest delay.
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(30_000, 500 * 2 ** (next === 0 ? 0 : attempt));
    logger.error({ child: name, code, signal, restartInMs: delay }, 'a service stopped unexpectedly; restarting it');
    setTimeout(() => launch(name, script, args, env, next), delay);
  });
}

async function main(config: HubConfig): Promise<void> {
  await import('../platform/sodium.js').then((m) => m.loadSodium());
  if (config.env === 'production') {
    process.stderr.write('citygraph: production mode: keys come from the configuration (docs/deploy.md).\n');
  } else {
    process.stderr.write(`citygraph: DEVELOPMENT mode (NODE_ENV=${config.env}): development keys in ${config.dataDir}/keys, dev sign-in on loopback only. Not for real data.\n`);
    ensureDevKeys(config);
    await ensureDevIssuerKeys(config);
  }
  if (!(await isSeeded(config))) {
    process.stderr.write(`First start: seeding the demo city (${config.seed.citizens} citizens, ${config.seed.sensors} sensors)…\n`);
    await seedHub(config, { citizens: config.seed.citizens, sensors: config.seed.sensors, progress: progressBar() });
  }
  if (!config.mqtt.url) {
    embeddedBroker = await startEmbeddedBroker({ port: config.mqtt.embeddedPort, logger: logger.child({ component: 'mqtt-broker' }) });
  }
  if (!config.notify.smtpUrl && config.env !== 'production') {
    mailSink = await startMailSink({ host: config.host, port: config.notify.smtpPort, dir: mailDir(config.dataDir), logger: logger.child({ component: 'mail-sink' }) });
  }
  const envOf = (service: ServiceName) => childEnvironment(service, config);
  launch('consent', 'subgraph.ts', ['consent'], envOf('consent'));
  await waitReady(subgraphUrl(config, 'consent').replace(/\/graphql$/, '/readyz'), 30_000);
  for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'consent')) launch(name, 'subgraph.ts', [name], envOf(name));
  await Promise.all(SUBGRAPH_NAMES.map((name) => waitReady(subgraphUrl(config, name).replace(/\/graphql$/, '/readyz'), 30_000)));
  // The development OpenID provider (docs/sign-in.md); a production hub names the city's provider instead.
  if (config.oidc?.devProvider) {
    launch('identity', 'identity-provider.ts', [], identityProviderEnvironment(config));
    await waitReady(`http://${config.host}:${config.devIdentityPort}/.well-known/openid-configuration`, 30_000);
  }
  launch('gateway', 'gateway.ts', [], envOf('gateway'));
  await waitReady(`http://${config.host}:${config.ports.gateway}/livez`, 30_000);
  process.stderr.write(
    `\ncitygraph is up:\n  graph     http://localhost:${config.ports.gateway}/graphql\n  readiness http://localhost:${config.ports.gateway}/readyz\n` +
      `  readings  ${embeddedBroker ? `${embeddedBroker.url} (embedded broker)` : 'MQTT_URL'}, topic citygraph/sensors/<sensorId>/readings\n` +
      `  mail      ${mailSink ? `smtp://${config.host}:${mailSink.port} (sink, kept in ${mailSink.dir})` : (config.notify.smtpUrl ?? 'no relay')}\n` +
      `  a token   npm run -s hub -- token citizen C-0001\n` +
      (config.oidc?.devProvider ? `  sign-in   ${config.oidc.issuer} (development OpenID provider, docs/sign-in.md)\n` : '') +
      `\n`,
  );
}

function stopAll(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const check = setInterval(() => {
    if (children.size === 0) {
      clearInterval(check);
      // The broker goes last: the sensors process acknowledges what it stored while it drains.
      void Promise.all([embeddedBroker?.close(), mailSink?.close()]).finally(() => process.exit(0));
    }
  }, 50);
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(0);
  }, 12_000).unref();
}

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
main(config).catch((error: unknown) => {
  logger.fatal({ err: error }, 'citygraph failed to start');
  stopAll();
  process.exitCode = 1;
});
