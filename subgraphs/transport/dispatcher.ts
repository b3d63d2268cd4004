import type { ServiceCapabilities } from '../../consent/enforcement/subgraph-kit.js';
import type { Logger } from '../../platform/logger.js';
import { metricsFor } from '../../platform/metrics.js';
import { endOneRideConsent, offerRide } from './dispatch.js';
import type { TransportStore } from './store.js';
import { attemptDelivery, type WebhookSettings } from './taxi-webhooks.js';

/**
 * Transport's dispatcher, outside any request (transport's own processing for TAXI_ASSIST): every `intervalMs` it
 * re-offers rides whose citizen approved a one-ride consent (so an approval reaches the partner within a second),
 * ends the one-ride consents of rides that ended where that failed at once, and POSTs due webhook deliveries.
 * Several transport processes may run it: a move is claimed once (store.moveRide), and a delivery sent twice carries
 * the same delivery id, which the partner drops.
 */
export interface DispatcherOptions {
  store: TransportStore;
  service: () => ServiceCapabilities;
  webhooks: WebhookSettings;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

const DELIVERIES = metricsFor('transport').counter(
  'citygraph_taxi_webhook_attempts_total',
  'Taxi offer webhook attempts, by outcome: DELIVERED, RETRY (not accepted, tried again later), FAILED (given up), DROPPED (the offer closed first).',
  ['outcome'],
);

/** A ride waits this long for a one-ride consent (the request's own answer time), then is no longer swept. */
const CONSENT_WAIT_MS = 3600_000;
/**
 * Rides waiting longer than this are looked at every `SLOW_EVERY`th round only: a citizen answers within a minute or
 * two if at all, and each look is one call to the consent service.
 */
const FAST_WAIT_MS = 2 * 60_000;
const SLOW_EVERY = 20;

export function startDispatcher(options: DispatcherOptions): { stop(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  const logger = options.logger.child({ component: 'taxi-dispatcher' });
  const failed = (what: string, rideId: string) => (error: unknown) => logger.warn({ err: { message: (error as Error).message }, rideId }, what);
  let running: Promise<void> | null = null;
  let stopped = false;
  let round = 0;

  async function tick(): Promise<void> {
    const service = options.service();
    const at = now();
    const waiting = await options.store.ridesAwaitingConsent(50);
    const slowRound = round++ % SLOW_EVERY === 0;
    await Promise.all(
      waiting
        .filter((ride) => {
          const age = at.getTime() - Date.parse(ride.requestedAt);
          return age < FAST_WAIT_MS || (slowRound && age < CONSENT_WAIT_MS);
        })
        .map((ride) => offerRide(service, options.store, ride, at).catch(failed('re-offer failed', ride.id))),
    );
    const ended = await options.store.endedRidesWithConsent(20);
    await Promise.all(ended.map((ride) => endOneRideConsent(service, options.store, ride).catch(failed('ending a one-ride consent failed', ride.id))));
    const due = await options.store.dueWebhookDeliveries(at.toISOString(), 16);
    await Promise.all(
      due.map(async (delivery) => {
        try {
          const change = await attemptDelivery(options.store, options.webhooks, delivery, now(), logger);
          await options.store.updateWebhookDelivery(delivery.id, change);
          DELIVERIES.inc({ outcome: change.status ?? 'RETRY' });
        } catch (error) {
          failed('webhook delivery failed before sending', delivery.rideId)(error);
        }
      }),
    );
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch((error: unknown) => logger.warn({ err: { message: (error as Error).message } }, 'dispatcher round failed'))
      .finally(() => {
        running = null;
      });
  }, options.intervalMs ?? 250);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
