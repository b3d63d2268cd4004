import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../../../platform/logger.js';

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** The sessions and queued messages; hand it to a new broker to restart without losing them. */
  persistence: unknown;
  close(): Promise<void>;
}

/**
 * The MQTT broker `npm start` runs when MQTT_URL is not set, so that the two-command start needs nothing
 * installed. aedes with its in-memory persistence: sessions (and their unacknowledged messages) outlive a restart
 * of the sensors process, not of the broker's own process. It has no shared subscriptions, so one sensors
 * instance consumes; scale out with an external broker (docs/mqtt-ingestion.md).
 */
export async function startEmbeddedBroker(options: { host?: string; port: number; logger: Logger; persistence?: unknown }): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  // A persistence handed over from a closed broker keeps its sessions: a restart that loses nothing (tests).
  const aedes = await Aedes.createBroker(options.persistence ? { persistence: options.persistence } : {});
  aedes.on('clientError', (client, error) => options.logger.debug({ clientId: client.id, err: error }, 'MQTT client error'));
  aedes.on('connectionError', (_client, error) => options.logger.debug({ err: error }, 'MQTT connection error'));
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://${host}:${port}`,
    port,
    persistence: (aedes as unknown as { persistence: unknown }).persistence,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connected clients keep the server open; aedes.close ends them.
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
    },
  };
}
