import { describe, expect, it } from 'vitest';
import { serveHttp } from '../../../platform/http-service.js';
import { createLogger } from '../../../platform/logger.js';

describe('draining an HTTP service', () => {
  it('finishes the requests in flight, marks itself draining, and refuses new connections', async () => {
    const service = await serveHttp(
      async (_req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        res.end('done');
      },
      { host: '127.0.0.1', port: 0, logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    const inFlight = fetch(`http://127.0.0.1:${service.port}/`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = service.close(5000);
    expect(service.draining).toBe(true);
    expect(await inFlight).toBe('done');
    await closing;
    await expect(fetch(`http://127.0.0.1:${service.port}/`)).rejects.toThrow();
  });

  it('stops waiting after the grace period', async () => {
    const service = await serveHttp(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      },
      { host: '127.0.0.1', port: 0, logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    const hanging = fetch(`http://127.0.0.1:${service.port}/`).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await service.close(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
