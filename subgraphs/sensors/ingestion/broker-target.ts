import os from 'node:os';
import type { HubConfig } from '../../../platform/config.js';
import { DEFAULT_SHARED_GROUP } from './consumer.js';

export interface BrokerTarget {
  url: string;
  clientId: string;
  /** Set for an external broker only: aedes has no shared subscriptions. */
  sharedGroup?: string;
}

/**
 * Where the sensors subgraph takes readings from: MQTT_URL (shared subscription, so that several instances split
 * the load) or the embedded broker that `npm start` runs on 127.0.0.1:HUB_MQTT_PORT (plain subscription).
 * The client id must be the same after a restart, so that the broker hands back what was not acknowledged: it is
 * derived from the host and the subgraph's port (several instances on one host listen on different ports).
 */
export function brokerTarget(config: HubConfig): BrokerTarget {
  const instance = config.ports.sensors === 0 ? `pid${process.pid}` : String(config.ports.sensors);
  const clientId = `citygraph-sensors-${os.hostname()}-${instance}`;
  if (config.mqtt.url) return { url: config.mqtt.url, clientId, sharedGroup: DEFAULT_SHARED_GROUP };
  return { url: `mqtt://127.0.0.1:${config.mqtt.embeddedPort}`, clientId };
}
