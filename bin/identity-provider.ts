import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startDevIdentityProvider } from './lib/dev-identity-provider.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

/** The development OpenID provider as its own process (`npm start` runs it; docs/sign-in.md). */
const config = exitOnConfigError(loadConfig);
const provider = await startDevIdentityProvider(config, createLogger({ service: 'identity', level: config.logLevel }));
stopOnSignals(() => provider.close());
