import { describe, expect, it } from '@jest/globals';
import { serveHttp } from '../../../platform/http-service.js';
import { createLogger } from '../../../platform/logger.js';

describe('draining an HTTP service', () => {
  it('finishes the requests in flight, marks itself draining, and refuses new connections', async () => {
    // Close only once the request is inside the handler: before that, its connection is idle and closing it is right.
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const service = await serveHttp(
      async (_req, res) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
        res.end('done');
      },
      { host: '127.0.0.1', port: 0, logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    const inFlight = fetch(`http://127.0.0.1:${service.port}/`).then((r) => r.text());
    await handlerStarted;
    const closing = service.close(5000);
    expect(service.draining).toBe(true);
    expect(await inFlight).toBe('done');
    await closing;
    await expect(fetch(`http://127.0.0.1:${service.port}/`)).rejects.toThrow();
  });

  it('stops waiting after the grace period', async () => {
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const service = await serveHttp(
      async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      },
      { host: '127.0.0.1', port: 0, logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    const hanging = fetch(`http://127.0.0.1:${service.port}/`).then(
      (response) => `answered ${response.status}`,
      // fetch's TypeError comes from Node's realm, not the test's: compare by name, not instanceof.
      (error: Error) => error.name,
    );
    await handlerStarted;
    const closingAt = Date.now();
    await service.close(200);
    expect(Date.now() - closingAt).toBeGreaterThanOrEqual(190);
    expect(Date.now() - closingAt).toBeLessThan(2000);
    expect(await hanging).toBe('TypeError');
  });
});
