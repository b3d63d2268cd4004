import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../platform/webhook-signature.js';

/**
 * A real HTTP receiver for the hub's signed webhooks, as an SMS gateway or partner would run it: it checks the
 * signature (401 otherwise) and is idempotent on the delivery id (a repeat is acknowledged and not processed again).
 */
export interface WebhookReceiver {
  url: string;
  /** Every request that passed the signature check, repeats included, in arrival order. */
  receipts: Array<{ id: string; body: Record<string, unknown> }>;
  /** What was processed: once per delivery id. */
  processed: Map<string, Record<string, unknown>>;
  /** Requests refused for their signature. */
  refused: number;
  /** Answer `status` (503 unless given) to the next `count` requests (before processing them); 0 stops failing. */
  failNext(count: number, status?: number): void;
  /** Called on each receipt, before it is answered. */
  onReceipt?: (id: string) => void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: Uint8Array): Promise<WebhookReceiver> {
  let failures = 0;
  let failureStatus = 503;
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> & { failNext(count: number, status?: number): void } = {
    receipts: [],
    processed: new Map(),
    refused: 0,
    failNext(count, status = 503) {
      failures = count;
      failureStatus = status;
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[WEBHOOK_SIGNATURE_HEADER];
      if (!verifyWebhook(secret, Array.isArray(header) ? header[0] : header, body).ok) {
        receiver.refused += 1;
        res.writeHead(401).end();
        return;
      }
      if (failures > 0) {
        failures -= 1;
        res.writeHead(failureStatus).end();
        return;
      }
      const id = String(req.headers[WEBHOOK_DELIVERY_HEADER]);
      const parsed = JSON.parse(body) as Record<string, unknown>;
      receiver.receipts.push({ id, body: parsed });
      if (!receiver.processed.has(id)) receiver.processed.set(id, parsed);
      (receiver as WebhookReceiver).onReceipt?.(id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/sms`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

/** Waits until `check` holds, checking after each event loop turn that lets I/O in (bounded by `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
