import net from 'node:net';

/**
 * Loopback ports for the processes a command starts itself (the test runner's Redis and Mosquitto, the bench's
 * children and brokers, test hubs): one that is free now, and waiting until something listens on one.
 */

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; the listener is closed before answering). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface WaitPortOptions {
  timeoutMs?: number;
  /** What should listen, for the error message. */
  what?: string;
  /** The process that should listen: when it has exited, waiting stops at once with its exit code. */
  child?: { exitCode: number | null };
}

/** Resolves once something accepts connections on the loopback port; fails after the timeout (default 15 s). */
export async function waitPort(port: number, options: WaitPortOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const what = options.what ?? 'nothing';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (options.child && options.child.exitCode !== null) throw new Error(`${what} exited with ${options.child.exitCode} before it listened on 127.0.0.1:${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${options.what ? `${what} did not listen` : 'nothing listened'} on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
