import { loadConfig } from '../platform/config.js';
import { startTracing } from '../platform/tracing.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

const config = exitOnConfigError(loadConfig);
// Tracing starts before anything else is loaded (platform/tracing.ts; a no-op without an OTLP endpoint).
const tracing = await startTracing(config, 'gateway');
const { startGateway } = await import('../gateway/server.js');
const server = await startGateway(config);
stopOnSignals(async () => {
  await server.close();
  await tracing?.shutdown();
});
