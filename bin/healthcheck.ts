import fs from 'node:fs';
import { loadConfig } from '../platform/config.js';
import { isSubgraphName } from '../platform/services.js';

/**
 * The container image's HEALTHCHECK: `node dist/bin/healthcheck.js [service] [--live]`. Without a service name it
 * finds the one this container runs (the `serve.js <service>` process). Asks `/readyz` (or `/livez` with `--live`)
 * on the service's own port over loopback; exit 0 when it answers 200, 1 otherwise. Prints nothing on success.
 */
function runningService(): string | undefined {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = argv.findIndex((arg) => arg.endsWith('/serve.js') || arg === 'serve.js');
      if (at >= 0 && argv[at + 1]) return argv[at + 1];
    } catch {
      // a process that ended meanwhile
    }
  }
  return undefined;
}

const args = process.argv.slice(2);
const live = args.includes('--live');
const service = args.find((a) => !a.startsWith('--')) ?? runningService() ?? '';
if (service !== 'gateway' && !isSubgraphName(service)) {
  process.stderr.write(`healthcheck: no service named or running (${service || 'none'})\n`);
  process.exit(1);
}
const config = loadConfig();
const url = `http://127.0.0.1:${config.ports[service]}/${live ? 'livez' : 'readyz'}`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2500) });
  if (!response.ok) process.stderr.write(`healthcheck: ${url} answered ${response.status}\n`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`healthcheck: ${url} ${(error as Error).message}\n`);
  process.exit(1);
}
