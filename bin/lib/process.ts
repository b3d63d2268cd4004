import { ConfigError, type HubConfig } from '../../platform/config.js';

export function exitOnConfigError(load: () => HubConfig): HubConfig {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** SIGTERM/SIGINT: stop accepting, finish what is in flight, exit 0. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    // The drain itself gives in-flight requests up to 10 s; this is the backstop behind it.
    const force = setTimeout(() => process.exit(1), 12_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** A one-line progress bar on stderr, so that stdout carries only results. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, label: string) => void {
  let last = '';
  return (done, total, label) => {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const line = `  seeding ${label.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
    if (line === last) return;
    last = line;
    if (stream.isTTY) stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (done >= total) stream.write(`${line}\n`);
  };
}
