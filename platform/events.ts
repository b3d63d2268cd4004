import { connect, type MqttClient } from 'mqtt';
import type { HubConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * Events between services go over the MQTT broker (ARCHITECTURE §7): topic `citygraph/events/<kind>`, QoS 1,
 * a small JSON payload, never a personal value. A service that changed data says so; others (the gateway's cache of
 * public answers) react. A broker that is down delays events, it never stops a service.
 */
export const EVENTS_ROOT = 'citygraph/events';

/**
 * `readings-ingested`, `flood-risk-changed`: hints that sensor or water data changed (caches drop what they hold).
 * `flood-readings`: the readings that bear on flood risk, for the water department (contracts/city/flood-readings.ts);
 * every one counts.
 */
export type DataEventKind = 'readings-ingested' | 'flood-readings' | 'flood-risk-changed';

export interface DataEvent {
  kind: DataEventKind;
  /** The subgraph whose data changed. */
  subgraph: string;
  at: string;
  /** What changed, for an event that carries it (public data only); its contract is the kind's. */
  data?: unknown;
}

/** The broker events travel over: MQTT_URL, else the embedded broker `npm start` runs. */
export function eventsBrokerUrl(config: HubConfig): string {
  return config.mqtt.url ?? `mqtt://127.0.0.1:${config.mqtt.embeddedPort}`;
}

export interface EventPublisher {
  /** Publishes that `kind` changed; repeats within `minIntervalMs` are folded into one (ingestion runs thousands a second). */
  changed(kind: DataEventKind): void;
  /**
   * Publishes one event carrying `data` at once, never folded: the receiver acts on each. Resolves when the broker
   * has acknowledged it (QoS 1), or at once with the broker away (mqtt.js queues it until the broker is back).
   */
  publish(kind: DataEventKind, data: unknown): Promise<void>;
  close(): Promise<void>;
}

export function startEventPublisher(options: { url: string; subgraph: string; logger: Logger; minIntervalMs?: number }): EventPublisher {
  const client: MqttClient = connect(options.url, { reconnectPeriod: 1000, connectTimeout: 5000, clean: true });
  client.on('error', (error) => options.logger.debug({ err: { message: error.message } }, 'event broker unreachable; retrying'));
  const minIntervalMs = options.minIntervalMs ?? 100;
  const last = new Map<DataEventKind, number>();
  const pending = new Map<DataEventKind, NodeJS.Timeout>();
  const publish = (kind: DataEventKind) => {
    pending.delete(kind);
    last.set(kind, Date.now());
    const event: DataEvent = { kind, subgraph: options.subgraph, at: new Date().toISOString() };
    // Offline: mqtt.js queues it until the broker is back; an event is a hint to drop caches, losing one only delays that.
    client.publish(`${EVENTS_ROOT}/${kind}`, JSON.stringify(event), { qos: 1 }, () => undefined);
  };
  return {
    changed(kind) {
      if (pending.has(kind)) return;
      const wait = (last.get(kind) ?? 0) + minIntervalMs - Date.now();
      if (wait <= 0) publish(kind);
      else pending.set(kind, setTimeout(() => publish(kind), wait));
    },
    publish(kind, data) {
      const event: DataEvent = { kind, subgraph: options.subgraph, at: new Date().toISOString(), data };
      return new Promise((resolve) => {
        if (!client.connected) resolve();
        client.publish(`${EVENTS_ROOT}/${kind}`, JSON.stringify(event), { qos: 1 }, () => resolve());
      });
    },
    async close() {
      for (const timer of pending.values()) clearTimeout(timer);
      // Forced: with the broker away, a graceful end would wait forever for queued QoS 1 publishes. An event is a
      // hint to drop caches that also expire on their own, so losing the last one costs at most one reuse period.
      await client.endAsync(true).catch(() => undefined);
    },
  };
}

export interface EventSubscription {
  /** Resolves once subscribed (tests); events before that are not seen. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes to every event kind, or to `kinds`. With a `clientId`, the session is persistent (`clean: false`): the
 * broker keeps the QoS 1 events that arrive while this subscriber is away and hands them over when it is back.
 */
export function subscribeToEvents(options: { url: string; logger: Logger; onEvent(event: DataEvent): void; kinds?: readonly DataEventKind[]; clientId?: string }): EventSubscription {
  const client: MqttClient = connect(options.url, { reconnectPeriod: 1000, connectTimeout: 5000, clean: options.clientId === undefined, ...(options.clientId ? { clientId: options.clientId } : {}) });
  const topics = options.kinds ? options.kinds.map((kind) => `${EVENTS_ROOT}/${kind}`) : [`${EVENTS_ROOT}/+`];
  client.on('error', (error) => options.logger.debug({ err: { message: error.message } }, 'event broker unreachable; retrying'));
  const subscribed = new Promise<void>((resolve) => {
    client.on('connect', () => {
      client.subscribe(topics, { qos: 1 }, () => resolve());
    });
  });
  client.on('message', (_topic, payload) => {
    try {
      options.onEvent(JSON.parse(payload.toString('utf8')) as DataEvent);
    } catch {
      options.logger.warn('an event that is not JSON was ignored');
    }
  });
  return {
    ready: () => subscribed,
    async close() {
      await client.endAsync(true).catch(() => undefined);
    },
  };
}
