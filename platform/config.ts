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
  // Citizen sign-in (OpenID Connect, code + PKCE): the provider's issuer, the portal's client id and the provider's
  // JWKS. Unset in development: the development provider that `npm start` runs on HUB_PORT_IDENTITY.
  HUB_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  HUB_OIDC_CLIENT_ID: z.string().min(1).max(200).default('citygraph-portal'),
  /** Staff sign-in at the same provider: the service-centre page's own client (docs/sign-in.md, "Staff sign-in"). */
  HUB_OIDC_STAFF_CLIENT_ID: z.string().min(1).max(200).default('citygraph-staff'),
  HUB_OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUB_PORT_IDENTITY: port.default(4010),
  HUB_JWT_ISSUER: z.string().min(1).default('citygraph-dev'),
  HUB_JWT_AUDIENCE: z.string().min(1).default('citygraph'),
  HUB_SEED_CITIZENS: z.coerce.number().int().min(10).max(10_000_000).default(1000),
  HUB_SEED_SENSORS: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  MQTT_URL: z.string().regex(/^mqtts?:\/\//, 'must be an mqtt:// or mqtts:// URL').optional(),
  HUB_MQTT_PORT: port.default(1883),
  HUB_BREAK_GLASS_CITIZENS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  // Token buckets per caller (gateway/rate-limit): requests a second and how many at once.
  HUB_RATE_ANONYMOUS_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(50),
  HUB_RATE_ANONYMOUS_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  HUB_RATE_CITIZEN_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(20),
  HUB_RATE_CITIZEN_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
  HUB_RATE_STAFF_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(50),
  HUB_RATE_STAFF_BURST: z.coerce.number().int().min(1).max(1_000_000).default(150),
  HUB_RATE_PARTNER_BURST_SECONDS: z.coerce.number().positive().max(60).default(10),
  // Admission (gateway/admission): requests answered at once, and how many may wait, for how long.
  HUB_ADMISSION_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100_000).default(64),
  HUB_ADMISSION_MAX_QUEUE: z.coerce.number().int().min(0).max(100_000).default(64),
  HUB_ADMISSION_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  HUB_ADMISSION_ANONYMOUS_SHARE: z.coerce.number().min(0).max(1).default(0.75),
  HUB_ADMISSION_ANONYMOUS_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(20),
  // Coalesced public reads (gateway/coalescing): how long a public answer is reused, and the cache's bounds.
  HUB_PUBLIC_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  HUB_PUBLIC_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  HUB_PUBLIC_CACHE_MAX_BYTES: z.coerce.number().int().min(0).max(1_073_741_824).default(16 * 1024 * 1024),
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
  HUB_TRANSPORT_WEBHOOK_KEY: base64Key.optional(),
  /**
   * Whether partners' webhooks (taxi offers, topic notices) may point at loopback, private, link-local, CGNAT,
   * multicast or unspecified addresses. Unset: allowed in development and test (partners' test servers run on
   * loopback), refused in production.
   */
  HUB_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
  /**
   * The root of the second MAC on every principal, the one the consent service checks: held by the gateway and consent
   * only, so that a department, which holds its own principal key, cannot make a principal consent accepts.
   */
  HUB_PRINCIPAL_CONSENT_KEY: base64Key.optional(),
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
  // Notifications (consent/notify): the SMTP relay e-mail goes to, and the signed webhook SMS goes to.
  HUB_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  HUB_SMTP_PORT: port.default(2525),
  HUB_NOTIFY_FROM: z.email().default('noreply@citygraph.city'),
  HUB_NOTIFY_SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUB_NOTIFY_WEBHOOK_SECRET: base64Key.optional(),
  HUB_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  HUB_NOTIFY_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** How often licensing's reminder worker takes due reminders and reads their delivery status (at most a minute). */
  HUB_REMINDER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Flood episodes (docs/notifications.md): how long a district stays below HIGH before its episode ends (1 s..24 h). */
  HUB_FLOOD_QUIET_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(1_800_000),
  /** At most this many flood warnings to one district's residents in any hour; more are held back (1..60). */
  HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR: z.coerce.number().int().min(1).max(60).default(2),
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
  /**
   * Citizen sign-in with OpenID Connect (docs/sign-in.md): the gateway accepts the provider's ID tokens (`iss` the
   * issuer, `aud` the client id, signed by a key of the JWKS) as citizen tokens. In development without
   * HUB_OIDC_ISSUER it is the development provider on `http://localhost:<devProviderPort>` (`devProvider` true);
   * undefined in production without HUB_OIDC_ISSUER (the portal then says the city login is not connected).
   */
  oidc?: { issuer: string; clientId: string; jwksUrl: string; devProvider: boolean; staffClientId: string };
  /** HUB_PORT_IDENTITY: where `npm start` runs the development provider (4010). */
  devIdentityPort: number;
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
  /** Token buckets per kind of caller (requests a second, burst); partners' rates come from their registry entry. */
  rateLimits: {
    anonymous: { perSecond: number; burst: number };
    citizen: { perSecond: number; burst: number };
    staff: { perSecond: number; burst: number };
    partnerBurstSeconds: number;
  };
  /** Public answers reused by the gateway (gateway/coalescing): for how long, and how many and how many bytes at most. */
  publicCache: { ttlMs: number; maxEntries: number; maxBytes: number };
  /** The gateway's concurrency limit and its short queue (gateway/admission). */
  admission: { maxConcurrent: number; maxQueue: number; queueTimeoutMs: number; anonymousShare: number; anonymousQueueTimeoutMs: number };
  /**
   * Notifications, delivered by the consent service (consent/notify): `smtpUrl` is the relay (without it, development
   * runs a local SMTP sink on `host:smtpPort` that stores what it receives under `<dataDir>/mail`); SMS goes to a
   * signed webhook (`webhookSecret`, HMAC over timestamp and body); a message is tried `maxAttempts` times; a worker's claim on a batch
   * lasts `leaseMs` (longer than a batch takes to send), after which another worker takes over what it did not finish.
   */
  notify: { smtpUrl?: string; smtpPort: number; from: string; smsUrl?: string; webhookSecret?: string; maxAttempts: number; leaseMs: number };
  /** Licence renewal reminders (subgraphs/licensing/reminder-worker.ts): how often the worker ticks. */
  reminders: { pollMs: number };
  /**
   * Flood episodes (subgraphs/water/flood-monitor.ts): an episode ends once its district stayed below HIGH for
   * `quietMs` of reading time; a district's residents get at most `residentWarningsPerHour` warnings in any hour.
   */
  flood: { quietMs: number; residentWarningsPerHour: number };
  /** The transparency log (ARCHITECTURE §4): head signing interval, the gateway's witness, refusal coalescing. */
  transparency: { headIntervalMs: number; witnessDir: string; witnessIntervalMs: number; refusalWindowMs: number };
  /** Partners' webhooks (platform/webhook-target.ts): whether private targets may be called (HUB_WEBHOOK_ALLOW_PRIVATE). */
  webhooks: { allowPrivateTargets: boolean };
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
  /** HUB_TRANSPORT_WEBHOOK_KEY: transport's root of taxi partners' webhook signing secrets. */
  transportWebhook?: string;
  /** HUB_PRINCIPAL_CONSENT_KEY: the root of the principals' consent MAC (gateway and consent only). */
  principalConsent?: string;
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
  // A production provider is named in full: guessing its key set's address from the issuer would trust a convention.
  if (e.HUB_OIDC_ISSUER && !e.HUB_OIDC_JWKS_URL) problems.push('HUB_OIDC_JWKS_URL: required with HUB_OIDC_ISSUER (the provider\'s jwks_uri)');
  if (!e.HUB_OIDC_ISSUER && e.HUB_OIDC_JWKS_URL) problems.push('HUB_OIDC_ISSUER: required with HUB_OIDC_JWKS_URL');
  // One client id for both would make every citizen's ID token a staff token's look-alike: they must differ.
  if (e.HUB_OIDC_STAFF_CLIENT_ID === e.HUB_OIDC_CLIENT_ID) problems.push('HUB_OIDC_STAFF_CLIENT_ID: must differ from HUB_OIDC_CLIENT_ID (citizens and staff sign in as different clients)');
  if (e.HUB_NOTIFY_SMS_URL && !e.HUB_NOTIFY_WEBHOOK_SECRET) problems.push('HUB_NOTIFY_WEBHOOK_SECRET: required when HUB_NOTIFY_SMS_URL is set: the receiver checks its signature');
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
      ...(e.HUB_TRANSPORT_WEBHOOK_KEY ? { transportWebhook: e.HUB_TRANSPORT_WEBHOOK_KEY } : {}),
      ...(e.HUB_PRINCIPAL_CONSENT_KEY ? { principalConsent: e.HUB_PRINCIPAL_CONSENT_KEY } : {}),
    },
    jwt: { jwksUrl: e.HUB_JWKS_URL, issuer: e.HUB_JWT_ISSUER, audience: e.HUB_JWT_AUDIENCE },
    oidc: oidcOf(e),
    devIdentityPort: e.HUB_PORT_IDENTITY,
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
    webhooks: { allowPrivateTargets: e.HUB_WEBHOOK_ALLOW_PRIVATE ? e.HUB_WEBHOOK_ALLOW_PRIVATE === 'true' : e.NODE_ENV !== 'production' },
    tracing: { otlpEndpoint: e.HUB_OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT },
    breakGlass: { citizensPerHour: e.HUB_BREAK_GLASS_CITIZENS_PER_HOUR },
    rateLimits: {
      anonymous: { perSecond: e.HUB_RATE_ANONYMOUS_PER_SECOND, burst: e.HUB_RATE_ANONYMOUS_BURST },
      citizen: { perSecond: e.HUB_RATE_CITIZEN_PER_SECOND, burst: e.HUB_RATE_CITIZEN_BURST },
      staff: { perSecond: e.HUB_RATE_STAFF_PER_SECOND, burst: e.HUB_RATE_STAFF_BURST },
      partnerBurstSeconds: e.HUB_RATE_PARTNER_BURST_SECONDS,
    },
    publicCache: { ttlMs: e.HUB_PUBLIC_CACHE_TTL_MS, maxEntries: e.HUB_PUBLIC_CACHE_MAX_ENTRIES, maxBytes: e.HUB_PUBLIC_CACHE_MAX_BYTES },
    admission: {
      maxConcurrent: e.HUB_ADMISSION_MAX_CONCURRENT,
      maxQueue: e.HUB_ADMISSION_MAX_QUEUE,
      queueTimeoutMs: e.HUB_ADMISSION_QUEUE_TIMEOUT_MS,
      anonymousShare: e.HUB_ADMISSION_ANONYMOUS_SHARE,
      anonymousQueueTimeoutMs: e.HUB_ADMISSION_ANONYMOUS_QUEUE_TIMEOUT_MS,
    },
    notify: {
      smtpUrl: e.HUB_SMTP_URL,
      smtpPort: e.HUB_SMTP_PORT,
      from: e.HUB_NOTIFY_FROM,
      smsUrl: e.HUB_NOTIFY_SMS_URL,
      webhookSecret: e.HUB_NOTIFY_WEBHOOK_SECRET,
      maxAttempts: e.HUB_NOTIFY_MAX_ATTEMPTS,
      leaseMs: e.HUB_NOTIFY_LEASE_MS,
    },
    reminders: { pollMs: e.HUB_REMINDER_POLL_MS },
    flood: { quietMs: e.HUB_FLOOD_QUIET_MS, residentWarningsPerHour: e.HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR },
    transparency: {
      headIntervalMs: e.HUB_TRANSPARENCY_HEAD_MS,
      witnessDir: path.resolve(e.HUB_WITNESS_DIR),
      witnessIntervalMs: e.HUB_WITNESS_INTERVAL_MS,
      refusalWindowMs: e.HUB_REFUSAL_WINDOW_MS,
    },
  };
}

function oidcOf(e: z.infer<typeof envSchema>): HubConfig['oidc'] {
  const staffClientId = e.HUB_OIDC_STAFF_CLIENT_ID;
  if (e.HUB_OIDC_ISSUER && e.HUB_OIDC_JWKS_URL) return { issuer: e.HUB_OIDC_ISSUER, clientId: e.HUB_OIDC_CLIENT_ID, jwksUrl: e.HUB_OIDC_JWKS_URL, devProvider: false, staffClientId };
  if (e.NODE_ENV === 'production') return undefined;
  // The development provider's issuer is named `localhost` (ARCHITECTURE §7), as the browser reaches it.
  const issuer = `http://localhost:${e.HUB_PORT_IDENTITY}`;
  return { issuer, clientId: e.HUB_OIDC_CLIENT_ID, jwksUrl: `${issuer}/jwks`, devProvider: true, staffClientId };
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
    HUB_RATE_ANONYMOUS_PER_SECOND: String(config.rateLimits.anonymous.perSecond),
    HUB_RATE_ANONYMOUS_BURST: String(config.rateLimits.anonymous.burst),
    HUB_RATE_CITIZEN_PER_SECOND: String(config.rateLimits.citizen.perSecond),
    HUB_RATE_CITIZEN_BURST: String(config.rateLimits.citizen.burst),
    HUB_RATE_STAFF_PER_SECOND: String(config.rateLimits.staff.perSecond),
    HUB_RATE_STAFF_BURST: String(config.rateLimits.staff.burst),
    HUB_RATE_PARTNER_BURST_SECONDS: String(config.rateLimits.partnerBurstSeconds),
    HUB_PUBLIC_CACHE_TTL_MS: String(config.publicCache.ttlMs),
    HUB_PUBLIC_CACHE_MAX_ENTRIES: String(config.publicCache.maxEntries),
    HUB_PUBLIC_CACHE_MAX_BYTES: String(config.publicCache.maxBytes),
    HUB_ADMISSION_MAX_CONCURRENT: String(config.admission.maxConcurrent),
    HUB_ADMISSION_MAX_QUEUE: String(config.admission.maxQueue),
    HUB_ADMISSION_QUEUE_TIMEOUT_MS: String(config.admission.queueTimeoutMs),
    HUB_ADMISSION_ANONYMOUS_SHARE: String(config.admission.anonymousShare),
    HUB_ADMISSION_ANONYMOUS_QUEUE_TIMEOUT_MS: String(config.admission.anonymousQueueTimeoutMs),
    HUB_SMTP_PORT: String(config.notify.smtpPort),
    HUB_NOTIFY_FROM: config.notify.from,
    HUB_NOTIFY_MAX_ATTEMPTS: String(config.notify.maxAttempts),
    HUB_NOTIFY_LEASE_MS: String(config.notify.leaseMs),
    HUB_REMINDER_POLL_MS: String(config.reminders.pollMs),
    HUB_FLOOD_QUIET_MS: String(config.flood.quietMs),
    HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR: String(config.flood.residentWarningsPerHour),
    HUB_WITNESS_DIR: config.transparency.witnessDir,
    HUB_TRANSPARENCY_HEAD_MS: String(config.transparency.headIntervalMs),
    HUB_WITNESS_INTERVAL_MS: String(config.transparency.witnessIntervalMs),
    HUB_REFUSAL_WINDOW_MS: String(config.transparency.refusalWindowMs),
    HUB_WEBHOOK_ALLOW_PRIVATE: String(config.webhooks.allowPrivateTargets),
  };
  for (const [name, value] of Object.entries(config.ports)) env[`HUB_PORT_${name.toUpperCase()}`] = String(value);
  for (const [name, value] of Object.entries(config.subgraphTimeouts)) env[`HUB_SUBGRAPH_TIMEOUT_${name.toUpperCase()}_MS`] = String(value);
  if (config.mongodbUri) env.MONGODB_URI = config.mongodbUri;
  if (config.jwt.jwksUrl) env.HUB_JWKS_URL = config.jwt.jwksUrl;
  env.HUB_PORT_IDENTITY = String(config.devIdentityPort);
  if (config.oidc) Object.assign(env, { HUB_OIDC_CLIENT_ID: config.oidc.clientId, HUB_OIDC_STAFF_CLIENT_ID: config.oidc.staffClientId });
  if (config.oidc && !config.oidc.devProvider) Object.assign(env, { HUB_OIDC_ISSUER: config.oidc.issuer, HUB_OIDC_JWKS_URL: config.oidc.jwksUrl });
  if (config.redisUrl) env.REDIS_URL = config.redisUrl;
  if (config.mqtt.url) env.MQTT_URL = config.mqtt.url;
  if (config.tracing.otlpEndpoint) env.HUB_OTEL_EXPORTER_OTLP_ENDPOINT = config.tracing.otlpEndpoint;
  if (config.notify.smtpUrl) env.HUB_SMTP_URL = config.notify.smtpUrl;
  if (config.notify.smsUrl) env.HUB_NOTIFY_SMS_URL = config.notify.smsUrl;
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
