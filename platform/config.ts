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
});

export interface HubConfig {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  host: string;
  logLevel: z.infer<typeof envSchema>['HUB_LOG_LEVEL'];
  ports: Record<SubgraphName | 'gateway', number>;
  mongodbUri?: string;
  /** Base64 32-byte keys given by the operator; when absent, development keys live in `<dataDir>/keys`. */
  masterKey?: string;
  principalSecret?: string;
  /** The health-pass signing seed and the key that hides the citizen id inside a pass (see docs/health-pass.md). */
  healthPassKey?: string;
  healthPassIdentityKey?: string;
  jwt: { jwksUrl?: string; issuer: string; audience: string };
  seed: { citizens: number; sensors: number };
  subgraphTimeoutMs: number;
  /** Per-subgraph call timeouts: HUB_SUBGRAPH_TIMEOUT_<NAME>_MS, else HUB_SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeouts: Record<SubgraphName, number>;
  /** Shared rate-limit counters for several gateway instances; in memory without it. */
  redisUrl?: string;
  /**
   * Sensor readings over MQTT: `url` is an external broker (shared subscription, several sensors instances split
   * the load); without it `npm start` runs an embedded broker on `host:embeddedPort` (see docs/mqtt-ingestion.md).
   */
  mqtt: { url?: string; embeddedPort: number };
  /** Break-glass: how many distinct citizens one official may reach in an hour (then 429 RATE_LIMITED). */
  breakGlass: { citizensPerHour: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function subgraphUrl(config: HubConfig, name: SubgraphName): string {
  return `http://${config.host}:${config.ports[name]}/graphql`;
}

/** Parses the environment (process.env by default) and reports every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    if (!e.HUB_MASTER_KEY) problems.push('HUB_MASTER_KEY: required in production');
    if (!e.HUB_PRINCIPAL_SECRET) problems.push('HUB_PRINCIPAL_SECRET: required in production');
    if (!e.HUB_HEALTH_PASS_KEY) problems.push('HUB_HEALTH_PASS_KEY: required in production');
    if (!e.HUB_HEALTH_PASS_IDENTITY_KEY) problems.push('HUB_HEALTH_PASS_IDENTITY_KEY: required in production');
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
    redisUrl: e.REDIS_URL,
    mqtt: { url: e.MQTT_URL, embeddedPort: e.HUB_MQTT_PORT },
    breakGlass: { citizensPerHour: e.HUB_BREAK_GLASS_CITIZENS_PER_HOUR },
  };
}

/** Environment for a child process: the same config, expressed back as variables. */
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
    HUB_BREAK_GLASS_CITIZENS_PER_HOUR: String(config.breakGlass.citizensPerHour),
  };
  for (const [name, value] of Object.entries(config.ports)) env[`HUB_PORT_${name.toUpperCase()}`] = String(value);
  for (const [name, value] of Object.entries(config.subgraphTimeouts)) env[`HUB_SUBGRAPH_TIMEOUT_${name.toUpperCase()}_MS`] = String(value);
  if (config.mongodbUri) env.MONGODB_URI = config.mongodbUri;
  if (config.masterKey) env.HUB_MASTER_KEY = config.masterKey;
  if (config.principalSecret) env.HUB_PRINCIPAL_SECRET = config.principalSecret;
  if (config.healthPassKey) env.HUB_HEALTH_PASS_KEY = config.healthPassKey;
  if (config.healthPassIdentityKey) env.HUB_HEALTH_PASS_IDENTITY_KEY = config.healthPassIdentityKey;
  if (config.jwt.jwksUrl) env.HUB_JWKS_URL = config.jwt.jwksUrl;
  if (config.redisUrl) env.REDIS_URL = config.redisUrl;
  if (config.mqtt.url) env.MQTT_URL = config.mqtt.url;
  return env;
}
