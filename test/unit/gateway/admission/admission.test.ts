import http from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { Admission, useAdmission, type Lane } from '../../../../gateway/admission/admission.js';
import { createLogger } from '../../../../platform/logger.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function admission(overrides: Partial<ConstructorParameters<typeof Admission>[0]> = {}) {
  return new Admission({ maxConcurrent: 4, maxQueue: 2, queueTimeoutMs: 10_000, anonymousShare: 0.5, anonymousQueueTimeoutMs: 10_000, logger, ...overrides });
}

describe('admission', () => {
  it('answers up to the limit at once, queues a few more and sheds the rest at once', async () => {
    const a = admission();
    const lanes: Lane[] = ['signed-in', 'signed-in', 'signed-in', 'signed-in'];
    expect(lanes.map((l) => a.acquire(l))).toEqual([true, true, true, true]);
    const queued = [a.acquire('signed-in'), a.acquire('signed-in')];
    expect(a.acquire('signed-in')).toBe(false);
    a.release('signed-in');
    a.release('signed-in');
    expect(await Promise.all(queued)).toEqual([true, true]);
    expect(a.stats).toEqual({ inFlight: 4, anonymousInFlight: 0, queued: 0 });
  });

  it('keeps slots for signed-in callers that anonymous traffic cannot take', async () => {
    const a = admission({ anonymousQueueTimeoutMs: 0 });
    expect(a.acquire('anonymous')).toBe(true);
    expect(a.acquire('anonymous')).toBe(true);
    // Half of four slots is anonymous traffic's share: the third anonymous request is shed, a citizen still gets in.
    expect(a.acquire('anonymous')).toBe(false);
    expect(a.acquire('signed-in')).toBe(true);
    expect(a.acquire('signed-in')).toBe(true);
  });

  it('sheds the newest anonymous waiter to make room for a signed-in request, and admits signed-in waiters first', async () => {
    const a = admission();
    for (let i = 0; i < 4; i += 1) expect(a.acquire('signed-in')).toBe(true);
    const anonymousWaiters = [a.acquire('anonymous'), a.acquire('anonymous')];
    const citizen = a.acquire('signed-in');
    expect(await anonymousWaiters[1]).toBe(false);
    a.release('signed-in');
    expect(await citizen).toBe(true);
    a.release('signed-in');
    expect(await anonymousWaiters[0]).toBe(true);
  });

  it('sheds an anonymous request that waited its short while', async () => {
    const a = admission({ anonymousQueueTimeoutMs: 5 });
    for (let i = 0; i < 4; i += 1) a.acquire('signed-in');
    const started = performance.now();
    expect(await a.acquire('anonymous')).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(a.stats.queued).toBe(0);
  });
});

describe('useAdmission', () => {
  it('answers a request beyond the limit and the queue with 503 OVERLOADED and Retry-After, without running it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ran = 0;
    const handle = useAdmission({ maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 1000, anonymousShare: 1, anonymousQueueTimeoutMs: 0, logger }).wrap(async (_req, res) => {
      ran += 1;
      await gate;
      res.end('{}');
    });
    const server = http.createServer((req, res) => void handle(req, res, 'request-id'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    try {
      const first = fetch(url, { method: 'POST', body: '{}' });
      while (ran === 0) await new Promise((resolve) => setImmediate(resolve));
      const shed = await fetch(url, { method: 'POST', body: '{}' });
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(((await shed.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('OVERLOADED');
      expect(ran).toBe(1);
      release();
      expect((await first).status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
