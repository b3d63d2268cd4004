import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsentServices } from '../consent/subgraph/services.js';
import { loadConfig } from '../platform/config.js';
import { loadSodium } from '../platform/sodium.js';
import { openStore } from '../platform/store/index.js';
import { seedHub } from '../seed/hub.js';

/**
 * `npx tsx bench/notifications.ts [count]`: delivers `count` (default 10,000) notifications, half by e-mail to the
 * local SMTP sink and half by SMS to a signed-webhook receiver (signature checked, idempotent on the delivery id), both
 * in a child process (bench/lib/notify-receivers.ts),
 * through the consent service's outbox and one delivery worker (each batch a batched decision and access-log
 * entries). Prints the rate from the first claim to the last recorded delivery. Issue 13 asks for 500 a second.
 */
const count = Number(process.argv[2] ?? 10_000);
const secret = Buffer.alloc(32, 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-bench-notify-'));
await loadSodium();

const sinkDir = path.join(dataDir, 'mail');
// The receivers run in their own process, as a relay and an SMS gateway would: this process is the worker only.
const receivers = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib/notify-receivers.ts'), sinkDir, secret.toString('base64')], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(receivers.stdout!, 'data')) as [Buffer];
const { smtpPort, smsPort } = JSON.parse(line.toString('utf8')) as { smtpPort: number; smsPort: number };
const smsUrl = `http://127.0.0.1:${smsPort}/sms`;

const config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent', HUB_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, HUB_NOTIFY_SMS_URL: smsUrl, HUB_NOTIFY_WEBHOOK_SECRET: secret.toString('base64') });
const citizens = 1000;
await seedHub(config, { citizens, sensors: 100 });
const store = await openStore(config, 'consent');
const services = await createConsentServices(config, store);

// Citizens who gave an e-mail address (seed/consent.ts: all but every fifth) get e-mail; the others SMS.
const items = Array.from({ length: count }, (_, i) => {
  const index = i % citizens;
  const citizenId = `C-${String(index + 1).padStart(4, '0')}`;
  const channel = i % 2 === 0 && index % 5 !== 4 ? ('EMAIL' as const) : ('SMS' as const);
  return { key: `bench:${i}`, citizenId, channel, template: 'FLOOD_WARNING' as const, params: { districtId: 'D-01', level: 'HIGH' } };
});
for (let i = 0; i < items.length; i += 1000) await services.notifications.enqueue('water', 'FLOOD_RESPONSE', items.slice(i, i + 1000));

const started = performance.now();
let delivered = 0;
while (delivered < count) {
  const taken = await services.notifications.runOnce(500);
  if (taken === 0) break;
  delivered = await services.store.notifications.count({ status: 'DELIVERED' });
}
const seconds = (performance.now() - started) / 1000;
const mails = fs.readdirSync(sinkDir).filter((f) => f.endsWith('.eml')).length;
const { processed, refused } = (await (await fetch(smsUrl)).json()) as { processed: number; refused: number };
process.stdout.write(
  `${JSON.stringify({ notifications: count, delivered, emailsInSink: mails, smsAtReceiver: processed, refusedSignatures: refused, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(delivered / seconds) })}\n`,
);
await services.notifications.close();
await store.close();
receivers.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });
