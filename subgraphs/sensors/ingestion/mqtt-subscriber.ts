import net from 'node:net';
import tls from 'node:tls';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import type { Logger } from '../../../platform/logger.js';
import { MqttFrameReader } from './mqtt-frames.js';

/**
 * A minimal MQTT 3.1.1 subscriber whose acknowledgements the caller sends, for any number of messages at once.
 *
 * Why not mqtt.js's `customHandleAcks`: mqtt.js handles incoming packets one at a time and reads the next only
 * after the previous one's PUBACK went out, so holding an acknowledgement until a batch is stored stalls the
 * connection at one message per batch. Here publishes keep flowing while a batch is being written, and the batch's
 * PUBACKs are written together once it is stored (in arrival order, as MQTT requires).
 *
 * The session is persistent (clean = false, a stable client id): messages that were delivered but not acknowledged
 * when the connection or the process died are delivered again by the broker when the same client id reconnects.
 */
export interface InboundMessage {
  topic: string;
  payload: Buffer;
  /** Absent for QoS 0 messages, which are not acknowledged. */
  messageId?: number;
  /** The connection it came on: an acknowledgement on a later connection would name someone else's message. */
  connection: number;
}

export interface SubscriberOptions {
  url: string;
  clientId: string;
  topicFilter: string;
  logger: Logger;
  /** Called once per read from the socket with the publishes parsed from it (natural batching). */
  onMessages(messages: InboundMessage[]): void;
  keepaliveSeconds?: number;
  /** Reconnect back-off bounds. */
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

const PROTOCOL = { protocolId: 'MQTT', protocolVersion: 4 } as const;
const SUBSCRIBE_MESSAGE_ID = 1;

export class MqttSubscriber {
  private socket: net.Socket | null = null;
  private connection = 0;
  private subscribed = false;
  private stopped = false;
  private paused = false;
  private reconnectDelay: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private lastReceivedAt = 0;
  private failuresLogged = 0;
  private readonly keepaliveSeconds: number;
  private readonly readyWaiters: Array<() => void> = [];

  constructor(private readonly options: SubscriberOptions) {
    this.keepaliveSeconds = options.keepaliveSeconds ?? 30;
    this.reconnectDelay = options.minReconnectMs ?? 200;
  }

  /** Connected and subscribed: messages can arrive. */
  get ready(): boolean {
    return this.subscribed;
  }

  start(): void {
    this.connect();
  }

  /** Resolves once subscribed (again); for tests and the benchmark. */
  waitReady(): Promise<void> {
    if (this.subscribed) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Acknowledges messages that are now stored (or deliberately dropped). Messages from an earlier connection are
   * skipped: their ids mean nothing on this one, and the broker delivers them again anyway.
   */
  acknowledge(messages: readonly InboundMessage[]): void {
    const socket = this.socket;
    if (!socket || !socket.writable) return;
    const acks = pubacks(messages, this.connection);
    if (acks.length > 0) socket.write(acks);
  }

  /** Stops reading from the socket (the broker holds further messages); used while draining before close. */
  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  /** Polite close: DISCONNECT, so the broker keeps the session (and the unacknowledged messages) for later. */
  async close(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(generate({ cmd: 'disconnect' }, PROTOCOL));
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  /** Drops the connection without a word, as a crash would; nothing pending is acknowledged. */
  destroy(): void {
    this.stopped = true;
    this.clearTimers();
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): void {
    if (this.stopped) return;
    const url = new URL(this.options.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const secure = url.protocol === 'mqtts:';
    const port = Number(url.port || (secure ? 8883 : 1883));
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    const connection = ++this.connection;
    this.socket = socket;
    this.subscribed = false;
    socket.setNoDelay(true);
    let publishes: InboundMessage[] = [];
    const unreadable = (error: Error) => {
      reader.abandon();
      this.options.logger.warn({ err: error }, 'unreadable MQTT packet from the broker; reconnecting');
      socket.destroy();
    };
    // PUBLISH packets are decoded by the frame reader; the rare others (CONNACK, SUBACK, PINGRESP) by mqtt-packet.
    const controlParser = createParser(PROTOCOL);
    controlParser.on('packet', (packet: Packet) => this.handleControl(packet, socket));
    controlParser.on('error', unreadable);
    const reader = new MqttFrameReader({
      onPublish: (topic, payload, messageId) => publishes.push({ topic, payload, messageId, connection }),
      onControl: (packet) => controlParser.parse(packet),
      onError: unreadable,
    });
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      this.lastReceivedAt = Date.now();
      socket.write(
        generate(
          {
            cmd: 'connect',
            ...PROTOCOL,
            clean: false,
            clientId: this.options.clientId,
            keepalive: this.keepaliveSeconds,
            ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
            ...(url.password ? { password: Buffer.from(decodeURIComponent(url.password)) } : {}),
          },
          PROTOCOL,
        ),
      );
      this.startKeepalive(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      this.lastReceivedAt = Date.now();
      reader.push(chunk);
      if (publishes.length > 0) {
        const batch = publishes;
        publishes = [];
        this.options.onMessages(batch);
      }
    });
    socket.on('error', (error: Error) => {
      // Logged once per outage at warn level: a broker that is down would otherwise log every back-off step.
      if (this.failuresLogged++ === 0) this.options.logger.warn({ err: error, url: redactUrl(this.options.url) }, 'MQTT broker unreachable; retrying');
      else this.options.logger.debug({ err: error }, 'MQTT connection attempt failed');
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.subscribed = false;
      this.clearTimers();
      if (this.stopped) return;
      const delay = this.reconnectDelay;
      this.reconnectDelay = Math.min(this.options.maxReconnectMs ?? 5000, this.reconnectDelay * 2);
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
      this.reconnectTimer.unref();
    });
    if (this.paused) socket.pause();
  }

  private handleControl(packet: Packet, socket: net.Socket): void {
    switch (packet.cmd) {
      case 'connack':
        if (packet.returnCode !== 0) {
          this.options.logger.error({ returnCode: packet.returnCode }, 'the MQTT broker refused the connection');
          socket.destroy();
          return;
        }
        socket.write(generate({ cmd: 'subscribe', messageId: SUBSCRIBE_MESSAGE_ID, subscriptions: [{ topic: this.options.topicFilter, qos: 1 }] }, PROTOCOL));
        return;
      case 'suback':
        if (packet.granted.some((code) => typeof code === 'number' && code >= 0x80)) {
          this.options.logger.error({ topicFilter: this.options.topicFilter }, 'the MQTT broker refused the subscription');
          socket.destroy();
          return;
        }
        this.subscribed = true;
        this.failuresLogged = 0;
        this.reconnectDelay = this.options.minReconnectMs ?? 200;
        this.options.logger.info({ url: redactUrl(this.options.url), topicFilter: this.options.topicFilter }, 'subscribed to sensor readings over MQTT');
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      default:
        // pingresp needs nothing beyond lastReceivedAt; a broker sends nothing else to a QoS 1 subscriber.
        return;
    }
  }

  private startKeepalive(socket: net.Socket): void {
    const periodMs = (this.keepaliveSeconds * 1000) / 2;
    this.keepaliveTimer = setInterval(() => {
      if (Date.now() - this.lastReceivedAt > this.keepaliveSeconds * 1500) {
        this.options.logger.warn('the MQTT broker stopped answering; reconnecting');
        socket.destroy();
        return;
      }
      if (socket.writable) socket.write(generate({ cmd: 'pingreq' }, PROTOCOL));
    }, periodMs);
    this.keepaliveTimer.unref();
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.reconnectTimer = null;
    this.keepaliveTimer = null;
  }
}

/**
 * The PUBACKs for the messages of `connection` that need one (QoS 1), in the order given, in one buffer: each is
 * the 4 bytes 0x40 0x02 and the packet id, big-endian (MQTT 3.1.1 §3.4).
 */
export function pubacks(messages: readonly InboundMessage[], connection: number): Buffer {
  let count = 0;
  for (const message of messages) if (message.messageId !== undefined && message.connection === connection) count += 1;
  const acks = Buffer.allocUnsafe(count * 4);
  let at = 0;
  for (const message of messages) {
    if (message.messageId === undefined || message.connection !== connection) continue;
    acks[at] = 0x40;
    acks[at + 1] = 0x02;
    acks[at + 2] = message.messageId >> 8;
    acks[at + 3] = message.messageId & 0xff;
    at += 4;
  }
  return acks;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
