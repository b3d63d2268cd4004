import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Logger } from './logger.js';

/**
 * The development and test mail relay: a real SMTP server (smtp-server) on loopback that keeps each message it
 * receives as `<dir>/<message id>.eml`. Keyed by Message-ID, it is an idempotent receiver: a message sent again
 * after a crash replaces its own file. `received.log` gets one line per receipt, repeats included, so tests can
 * count what at-least-once delivery really sent.
 */
export interface MailSink {
  port: number;
  dir: string;
  close(): Promise<void>;
}

const SAFE = /[^A-Za-z0-9._@:-]/g;

export async function startMailSink(options: { host: string; port: number; dir: string; logger?: Logger }): Promise<MailSink> {
  fs.mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const header = raw.subarray(0, raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.length).toString('utf8');
        const messageId = /^message-id:\s*<([^>\r\n]{1,200})>/im.exec(header)?.[1] ?? `unnamed-${Date.now()}-${Math.random().toString(36).slice(2)}`;
        const name = messageId.replace(SAFE, '_');
        try {
          fs.writeFileSync(path.join(options.dir, `${name}.eml`), raw);
          fs.appendFileSync(path.join(options.dir, 'received.log'), `${name}\n`);
          callback();
        } catch (error) {
          options.logger?.error({ err: error }, 'mail sink could not store a message');
          callback(new Error('cannot store the message now'));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, dir: options.dir, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The data directory's mail folder (the sink writes here; tests and developers read here). */
export function mailDir(dataDir: string): string {
  return path.join(dataDir, 'mail');
}
