import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorBody, sendJson } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import { outcomes } from '../graphql-handler.js';

const optionsSchema = z.object({
  /** Requests answered at once. */
  maxConcurrent: z.number().int().min(1),
  /** Requests that may wait for a slot, all lanes together. */
  maxQueue: z.number().int().min(0),
  /** How long a signed-in caller's request may wait for a slot. */
  queueTimeoutMs: z.number().int().min(1),
  /** The share of the slots anonymous requests may hold at once: the rest is kept for signed-in callers. */
  anonymousShare: z.number().min(0).max(1),
  /** How long an anonymous request may wait: short, so that shedding it is quick. */
  anonymousQueueTimeoutMs: z.number().int().min(0),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
  /** Told of every shed request (metrics). */
  onShed: z.custom<(lane: Lane) => void>((value) => typeof value === 'function').optional(),
});

export type AdmissionOptions = z.infer<typeof optionsSchema>;
export type Lane = 'signed-in' | 'anonymous';
type Handler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

interface Waiter {
  lane: Lane;
  admit(): void;
  shed(): void;
}

/** Seconds a shed caller is told to wait: about how long a burst of queued work takes to drain. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/**
 * A concurrency limit with a short queue, in front of everything the gateway does for a /graphql request (reading
 * the body, authentication, planning, subgraph fetches). Beyond the queue a request is answered at once with 503
 * OVERLOADED and Retry-After. Anonymous traffic is shed first: it may hold only `anonymousShare` of the slots,
 * waits only `anonymousQueueTimeoutMs`, and a signed-in request arriving at a full queue takes the place of the
 * newest anonymous waiter. The lane is chosen before authentication, by whether credentials were sent: a forged
 * credential buys nothing but a quick 401. Queueing happens before any subgraph fetch starts, so time spent here
 * never counts against a subgraph's timeout or breaker.
 */
export class Admission {
  private inFlight = 0;
  private anonymousInFlight = 0;
  private readonly queue: Waiter[] = [];
  private readonly anonymousCap: number;

  constructor(private readonly options: Omit<AdmissionOptions, 'logger'> & { logger: Logger }) {
    this.anonymousCap = Math.max(1, Math.floor(options.maxConcurrent * options.anonymousShare));
  }

  get stats(): { inFlight: number; anonymousInFlight: number; queued: number } {
    return { inFlight: this.inFlight, anonymousInFlight: this.anonymousInFlight, queued: this.queue.length };
  }

  private fits(lane: Lane): boolean {
    return this.inFlight < this.options.maxConcurrent && (lane === 'signed-in' || this.anonymousInFlight < this.anonymousCap);
  }

  private take(lane: Lane): void {
    this.inFlight += 1;
    if (lane === 'anonymous') this.anonymousInFlight += 1;
  }

  /** Resolves true with a slot held (give it back with `release`), or false when the request is shed. */
  acquire(lane: Lane): Promise<boolean> | boolean {
    // Nobody jumps the queue: a signed-in request waits behind signed-in waiters only, an anonymous one behind anyone.
    const aheadOfIt = lane === 'signed-in' ? this.queue.some((w) => w.lane === 'signed-in') : this.queue.length > 0;
    if (this.fits(lane) && !aheadOfIt) {
      this.take(lane);
      return true;
    }
    const timeoutMs = lane === 'signed-in' ? this.options.queueTimeoutMs : this.options.anonymousQueueTimeoutMs;
    if (timeoutMs === 0) return false;
    if (this.queue.length >= this.options.maxQueue) {
      // A signed-in request displaces the newest anonymous waiter; an anonymous one is shed at once.
      let newestAnonymous = -1;
      if (lane === 'signed-in') for (let i = this.queue.length - 1; i >= 0 && newestAnonymous < 0; i -= 1) if (this.queue[i]!.lane === 'anonymous') newestAnonymous = i;
      if (newestAnonymous < 0) return false;
      this.queue.splice(newestAnonymous, 1)[0]!.shed();
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        lane,
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
        shed: () => {
          clearTimeout(timer);
          resolve(false);
        },
      };
      const timer = setTimeout(() => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        resolve(false);
      }, timeoutMs);
      this.queue.push(waiter);
    });
  }

  release(lane: Lane): void {
    this.inFlight -= 1;
    if (lane === 'anonymous') this.anonymousInFlight -= 1;
    // Signed-in waiters first (in arrival order), then anonymous ones while their share allows.
    let index = this.queue.findIndex((w) => w.lane === 'signed-in');
    if (index < 0 && this.fits('anonymous')) index = this.queue.findIndex((w) => w.lane === 'anonymous');
    if (index < 0 || !this.fits(this.queue[index]!.lane)) return;
    const [next] = this.queue.splice(index, 1);
    this.take(next!.lane);
    next!.admit();
  }
}

/**
 * `useAdmission(options)` wraps the /graphql handler: a request runs when it has a slot, waits briefly for one, or
 * is answered 503 OVERLOADED with Retry-After.
 */
export function useAdmission(options: AdmissionOptions): { admission: Admission; wrap(handler: Handler): Handler } {
  const parsed = optionsSchema.parse(options);
  const logger = parsed.logger.child({ plugin: 'admission' });
  const admission = new Admission({ ...parsed, logger });
  let lastWarned = 0;
  return {
    admission,
    wrap(handler: Handler): Handler {
      return async (req, res, requestId) => {
        const lane: Lane = req.headers.authorization ? 'signed-in' : 'anonymous';
        const admitted = admission.acquire(lane);
        if (admitted !== true && !(await admitted)) {
          parsed.onShed?.(lane);
          const now = Date.now();
          // One line a second at most: under overload the log must not become the next bottleneck.
          if (now - lastWarned > 1000) {
            lastWarned = now;
            logger.warn({ lane, ...admission.stats }, 'overloaded: shedding requests');
          }
          outcomes.set(res, { operation: 'anonymous', code: 'OVERLOADED' });
          sendJson(res, 503, errorBody('OVERLOADED', 'The city graph is busy. Try again shortly.', requestId), { 'retry-after': String(OVERLOADED_RETRY_AFTER_SECONDS) });
          return;
        }
        try {
          await handler(req, res, requestId);
        } finally {
          admission.release(lane);
        }
      };
    },
  };
}
