import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PORTS, type SubgraphName } from './services.js';

/**
 * All configuration, parsed once at start-up. This is the only module that reads `process.env`;
 * everything else receives a `HubConfig`.
 */
const port = z.coerce.number().int().min(0).max(65535);
const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes, base64 encoded');

const subgraphUrlVar = z.url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HUB_DATA_DIR: z.string().min(1).default('./data'),
  HUB_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUB_PORT_GATEWAY: port.default(DEFAULT_PORTS.gateway),
  HUB_PORT_CONSENT: port.default(DEFAULT_PORTS.consent),
  HUB_PORT_HEALTH: port.default(DEFAULT_PORTS.health),
  HUB_PORT_LICENSING: port.default(DEFAULT_PORTS.licensing),
  HUB_PORT_TRANSPORT: port.default(DEFAULT_PORTS.transport),
  HUB_PORT_WATER: port.default(DEFAULT_PORTS.water),
  HUB_PORT_SENSORS: port.default(DEFAULT_PORTS.sensors),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI').optional(),
  HUB_MASTER_KEY: base64Key.optional(),
  HUB_PRINCIPAL_SECRET: base64Key.optional(),
  HUB_HEALTH_PASS_KEY: base64Key.optional(),
  HUB_HEALTH_PASS_IDENTITY_KEY: base64Key.optional(),
  HUB_HEALTH_PASS_PUBLIC_KEY: base64Key.optional(),
  HUB_PRINCIPAL_KEY_CONSENT: base64Key.optional(),
  HUB_PRINCIPAL_KEY_HEALTH: base64Key.optional(),
  HUB_PRINCIPAL_KEY_LICENSING: base64Key.optional(),
  HUB_PRINCIPAL_KEY_TRANSPORT: base64Key.optional(),
  HUB_PRINCIPAL_KEY_WATER: base64Key.optional(),
  HUB_PRINCIPAL_KEY_SENSORS: base64Key.optional(),
  HUB_SERVICE_KEY_GATEWAY: base64Key.optional(),
  HUB_SERVICE_KEY_CONSENT: base64Key.optional(),
  HUB_SERVICE_KEY_HEALTH: base64Key.optional(),
  HUB_SERVICE_KEY_LICENSING: base64Key.optional(),
  HUB_SERVICE_KEY_TRANSPORT: base64Key.optional(),
  HUB_SERVICE_KEY_WATER: base64Key.optional(),
  HUB_SERVICE_KEY_SENSORS: base64Key.optional(),
  HUB_JWKS_URL: z.url().optional(),
  HUB_JWT_ISSUER: z.string().min(1).default('citygraph-dev'),
  HUB_JWT_AUDIENCE: z.string().min(1).default('citygraph'),
  HUB_SEED_CITIZENS: z.coerce.number().int().min(10).max(10_000_000).default(1000),
  HUB_SEED_SENSORS: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  MQTT_URL: z.string().regex(/^mqtts?:\/\//, 'must be an mqtt:// or mqtts:// URL').optional(),
  HUB_MQTT_PORT: port.default(1883),
  HUB_BREAK_GLASS_CITIZENS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  HUB_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  HUB_SUBGRAPH_TIMEOUT_CONSENT_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_SUBGRAPH_TIMEOUT_HEALTH_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_SUBGRAPH_TIMEOUT_LICENSING_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_SUBGRAPH_TIMEOUT_TRANSPORT_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_SUBGRAPH_TIMEOUT_WATER_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_SUBGRAPH_TIMEOUT_SENSORS_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  HUB_CONSENT_REQUESTS_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Where the gateway keeps the heads it witnessed (heads.jsonl): outside HUB_DATA_DIR (ARCHITECTURE §4). */
  HUB_WITNESS_DIR: z.string().min(1).default('./witness'),
  /** The gateway's own witness signing seed (Ed25519); the launcher derives it from the principal root. */
  HUB_WITNESS_KEY: base64Key.optional(),
  /** How often consent signs a tree head while entries arrive (at most 10 s). */
  HUB_TRANSPARENCY_HEAD_MS: z.coerce.number().int().min(10).max(10_000).default(1000),
  /** How often the gateway witnesses the newest head. */
  HUB_WITNESS_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  /** Identical refusals (one principal, one citizen, one field) within this window become one count entry; 0: off. */
  HUB_REFUSAL_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** OTLP/HTTP base endpoint (traces go to `<endpoint>/v1/traces`); HUB_ wins over the standard OTEL_ variable. */
  HUB_OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  // Where each subgraph's /graphql is reached when it is not on this host (containers, Kubernetes Services).
  HUB_SUBGRAPH_URL_CONSENT: subgraphUrlVar,
  HUB_SUBGRAPH_URL_HEALTH: subgraphUrlVar,
  HUB_SUBGRAPH_URL_LICENSING: subgraphUrlVar,
  HUB_SUBGRAPH_URL_TRANSPORT: subgraphUrlVar,
  HUB_SUBGRAPH_URL_WATER: subgraphUrlVar,
  HUB_SUBGRAPH_URL_SENSORS: subgraphUrlVar,
});

/** Every environment variable the configuration reads (for `.env.example` and the deployment manifests' checks). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface HubConfig {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  host: string;
  logLevel: z.infer<typeof envSchema>['HUB_LOG_LEVEL'];
  ports: Record<SubgraphName | 'gateway', number>;
  mongodbUri?: string;
  /**
   * Roots (base64, 32 bytes), accepted by the launcher and the operator's command line only: the launcher derives
   * each child's keys from them and never passes a root on (ARCHITECTURE §5). When absent, development keys live
   * in `<dataDir>/keys`.
   */
  masterKey?: string;
  principalSecret?: string;
  /** The health-pass signing seed and the key that hides the citizen id inside a pass (see docs/health-pass.md). */
  healthPassKey?: string;
  healthPassIdentityKey?: string;
  /** Per-service keys (platform/keys.ts says who holds which). A service given its key never touches a root. */
  serviceSecrets: ServiceSecrets;
  jwt: { jwksUrl?: string; issuer: string; audience: string };
  seed: { citizens: number; sensors: number };
  subgraphTimeoutMs: number;
  /** Per-subgraph call timeouts: HUB_SUBGRAPH_TIMEOUT_<NAME>_MS, else HUB_SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeouts: Record<SubgraphName, number>;
  /** HUB_SUBGRAPH_URL_<NAME>: a subgraph's /graphql on another host; else `http://<host>:<port>/graphql`. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Shared rate-limit counters for several gateway instances; in memory without it. */
  redisUrl?: string;
  /**
   * Sensor readings over MQTT: `url` is an external broker (shared subscription, several sensors instances split
   * the load); without it `npm start` runs an embedded broker on `host:embeddedPort` (see docs/mqtt-ingestion.md).
   */
  mqtt: { url?: string; embeddedPort: number };
  /** Consent requests one requester may make in 24 hours (HUB_CONSENT_REQUESTS_PER_DAY, default 100). */
  consentRequestsPerDay: number;
  /** OpenTelemetry traces (platform/tracing.ts): exported over OTLP/HTTP when an endpoint is set, off otherwise. */
  tracing: { otlpEndpoint?: string };
  /** Break-glass: how many distinct citizens one official may reach in an hour (then 429 RATE_LIMITED). */
  breakGlass: { citizensPerHour: number };
  /** The transparency log (ARCHITECTURE §4): head signing interval, the gateway's witness, refusal coalescing. */
  transparency: { headIntervalMs: number; witnessDir: string; witnessIntervalMs: number; refusalWindowMs: number };
}

export type KeyHolder = SubgraphName | 'gateway';

export interface ServiceSecrets {
  /** HUB_PRINCIPAL_KEY_<SUBGRAPH>: the MAC key of principals signed for that subgraph. */
  principal: Partial<Record<SubgraphName, string>>;
  /** HUB_SERVICE_KEY_<SERVICE>: the MAC key of that service's own calls to the consent service. */
  service: Partial<Record<KeyHolder, string>>;
  /** HUB_HEALTH_PASS_PUBLIC_KEY: the health department's published pass key (Ed25519 public key). */
  healthPassPublic?: string;
  /** HUB_WITNESS_KEY: the gateway's own seed for cosigning tree heads. */
  witness?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function subgraphUrl(config: HubConfig, name: SubgraphName): string {
  return config.subgraphUrls?.[name] ?? `http://${config.host}:${config.ports[name]}/graphql`;
}

/** Parses the environment (process.env by default) and reports every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  // Keys are required where they are used (platform/keys.ts): each service holds only its own, so no one list of
  // keys is required of every process.
  if (e.NODE_ENV === 'production') {
    if (!e.HUB_JWKS_URL) problems.push('HUB_JWKS_URL: required in production (the dev issuer is for development only)');
  }
  if (problems.length) throw new ConfigError(problems);
  const ports = {
    gateway: e.HUB_PORT_GATEWAY,
    consent: e.HUB_PORT_CONSENT,
    health: e.HUB_PORT_HEALTH,
    licensing: e.HUB_PORT_LICENSING,
    transport: e.HUB_PORT_TRANSPORT,
    water: e.HUB_PORT_WATER,
    sensors: e.HUB_PORT_SENSORS,
  } satisfies Record<SubgraphName | 'gateway', number>;
  return {
    env: e.NODE_ENV,
    dataDir: path.resolve(e.HUB_DATA_DIR),
    host: e.HUB_HOST,
    logLevel: e.HUB_LOG_LEVEL,
    ports,
    mongodbUri: e.MONGODB_URI,
    masterKey: e.HUB_MASTER_KEY,
    principalSecret: e.HUB_PRINCIPAL_SECRET,
    healthPassKey: e.HUB_HEALTH_PASS_KEY,
    healthPassIdentityKey: e.HUB_HEALTH_PASS_IDENTITY_KEY,
    serviceSecrets: {
      principal: dropUndefined({
        consent: e.HUB_PRINCIPAL_KEY_CONSENT,
        health: e.HUB_PRINCIPAL_KEY_HEALTH,
        licensing: e.HUB_PRINCIPAL_KEY_LICENSING,
        transport: e.HUB_PRINCIPAL_KEY_TRANSPORT,
        water: e.HUB_PRINCIPAL_KEY_WATER,
        sensors: e.HUB_PRINCIPAL_KEY_SENSORS,
      }),
      service: dropUndefined({
        gateway: e.HUB_SERVICE_KEY_GATEWAY,
        consent: e.HUB_SERVICE_KEY_CONSENT,
        health: e.HUB_SERVICE_KEY_HEALTH,
        licensing: e.HUB_SERVICE_KEY_LICENSING,
        transport: e.HUB_SERVICE_KEY_TRANSPORT,
        water: e.HUB_SERVICE_KEY_WATER,
        sensors: e.HUB_SERVICE_KEY_SENSORS,
      }),
      healthPassPublic: e.HUB_HEALTH_PASS_PUBLIC_KEY,
      ...(e.HUB_WITNESS_KEY ? { witness: e.HUB_WITNESS_KEY } : {}),
    },
    jwt: { jwksUrl: e.HUB_JWKS_URL, issuer: e.HUB_JWT_ISSUER, audience: e.HUB_JWT_AUDIENCE },
    seed: { citizens: e.HUB_SEED_CITIZENS, sensors: e.HUB_SEED_SENSORS },
    subgraphTimeoutMs: e.HUB_SUBGRAPH_TIMEOUT_MS,
    subgraphTimeouts: {
      consent: e.HUB_SUBGRAPH_TIMEOUT_CONSENT_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
      health: e.HUB_SUBGRAPH_TIMEOUT_HEALTH_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
      licensing: e.HUB_SUBGRAPH_TIMEOUT_LICENSING_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
      transport: e.HUB_SUBGRAPH_TIMEOUT_TRANSPORT_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
      water: e.HUB_SUBGRAPH_TIMEOUT_WATER_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
      sensors: e.HUB_SUBGRAPH_TIMEOUT_SENSORS_MS ?? e.HUB_SUBGRAPH_TIMEOUT_MS,
    },
    subgraphUrls: Object.fromEntries(
      Object.keys(ports)
        .filter((name) => name !== 'gateway' && e[`HUB_SUBGRAPH_URL_${name.toUpperCase()}` as keyof typeof e])
        .map((name) => [name, String(e[`HUB_SUBGRAPH_URL_${name.toUpperCase()}` as keyof typeof e])]),
    ),
    redisUrl: e.REDIS_URL,
    mqtt: { url: e.MQTT_URL, embeddedPort: e.HUB_MQTT_PORT },
    consentRequestsPerDay: e.HUB_CONSENT_REQUESTS_PER_DAY,
    tracing: { otlpEndpoint: e.HUB_OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT },
    breakGlass: { citizensPerHour: e.HUB_BREAK_GLASS_CITIZENS_PER_HOUR },
    transparency: {
      headIntervalMs: e.HUB_TRANSPARENCY_HEAD_MS,
      witnessDir: path.resolve(e.HUB_WITNESS_DIR),
      witnessIntervalMs: e.HUB_WITNESS_INTERVAL_MS,
      refusalWindowMs: e.HUB_REFUSAL_WINDOW_MS,
    },
  };
}

function dropUndefined<K extends string>(record: Record<K, string | undefined>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<Record<K, string>>;
}

/**
 * Environment for a child process: the same settings, expressed back as variables, WITHOUT any key. The launcher adds
 * each child's own keys (bin/lib/child-env.ts); nothing here can hand a root to a child.
 */
export function configToEnv(config: HubConfig): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: config.env,
    HUB_DATA_DIR: config.dataDir,
    HUB_HOST: config.host,
    HUB_LOG_LEVEL: config.logLevel,
    HUB_JWT_ISSUER: config.jwt.issuer,
    HUB_JWT_AUDIENCE: config.jwt.audience,
    HUB_SEED_CITIZENS: String(config.seed.citizens),
    HUB_SEED_SENSORS: String(config.seed.sensors),
    HUB_SUBGRAPH_TIMEOUT_MS: String(config.subgraphTimeoutMs),
    HUB_MQTT_PORT: String(config.mqtt.embeddedPort),
    HUB_CONSENT_REQUESTS_PER_DAY: String(config.consentRequestsPerDay),
    HUB_BREAK_GLASS_CITIZENS_PER_HOUR: String(config.breakGlass.citizensPerHour),
    HUB_WITNESS_DIR: config.transparency.witnessDir,
    HUB_TRANSPARENCY_HEAD_MS: String(config.transparency.headIntervalMs),
    HUB_WITNESS_INTERVAL_MS: String(config.transparency.witnessIntervalMs),
    HUB_REFUSAL_WINDOW_MS: String(config.transparency.refusalWindowMs),
  };
  for (const [name, value] of Object.entries(config.ports)) env[`HUB_PORT_${name.toUpperCase()}`] = String(value);
  for (const [name, value] of Object.entries(config.subgraphTimeouts)) env[`HUB_SUBGRAPH_TIMEOUT_${name.toUpperCase()}_MS`] = String(value);
  if (config.mongodbUri) env.MONGODB_URI = config.mongodbUri;
  if (config.jwt.jwksUrl) env.HUB_JWKS_URL = config.jwt.jwksUrl;
  if (config.redisUrl) env.REDIS_URL = config.redisUrl;
  if (config.mqtt.url) env.MQTT_URL = config.mqtt.url;
  if (config.tracing.otlpEndpoint) env.HUB_OTEL_EXPORTER_OTLP_ENDPOINT = config.tracing.otlpEndpoint;
  for (const [name, url] of Object.entries(config.subgraphUrls ?? {})) if (url) env[`HUB_SUBGRAPH_URL_${name.toUpperCase()}`] = url;
  return env;
}

/**
 * @apollo/gateway 2.14 starts a data-collection exporter unless APOLLO_TELEMETRY_DISABLED is set: it probes cloud
 * metadata addresses and sends metrics to Apollo. The hub sends nothing anywhere; this library switch is read
 * from the environment only, so it is set here (the one module
 * that touches `process.env`), by the gateway before it constructs @apollo/gateway.
 */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}

/** The variables a child process needs to run at all (never what to trust); the launcher adds the hub's settings. */
const PROCESS_BASICS = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;

export function processBasics(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROCESS_BASICS) if (env[name] !== undefined) out[name] = env[name]!;
  return out;
}

/** This process's whole environment, for development tools that run other tools (bin/test.ts runs jest). */
export function processEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}
