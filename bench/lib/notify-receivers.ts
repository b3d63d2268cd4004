import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMailSink } from '../../platform/mail-sink.js';
import { verifyWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../platform/webhook-signature.js';

/**
 * The receiving end of bench/notifications.ts, in its own process as a relay and an SMS gateway would be: the SMTP
 * sink (into argv[2]) and a signed-webhook receiver (secret in base64 in argv[3]) that keeps each delivery id once.
 * Prints `{smtpPort, smsPort}`; `GET /count` on the receiver answers `{processed, refused}`.
 */
const [dir, secretBase64] = process.argv.slice(2);
const secret = Buffer.from(secretBase64!, 'base64');
const sink = await startMailSink({ host: '127.0.0.1', port: 0, dir: dir! });
const processed = new Set<string>();
let refused = 0;
const receiver = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ processed: processed.size, refused }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (!verifyWebhook(secret, String(req.headers[WEBHOOK_SIGNATURE_HEADER]), body).ok) {
      refused += 1;
      res.writeHead(401).end();
      return;
    }
    processed.add(String(req.headers[WEBHOOK_DELIVERY_HEADER]));
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ smtpPort: sink.port, smsPort: (receiver.address() as AddressInfo).port })}\n`);
