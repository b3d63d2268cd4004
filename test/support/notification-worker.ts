import { createConsentServices } from '../../consent/subgraph/services.js';
import { loadConfig } from '../../platform/config.js';
import { loadSodium } from '../../platform/sodium.js';
import { openStore } from '../../platform/store/index.js';

/**
 * A notification delivery worker in its own process, over the data directory in HUB_DATA_DIR: what a consent
 * process runs, without the rest of it, so that a test can kill it with SIGKILL in the middle of a batch.
 */
await loadSodium();
const config = loadConfig();
const store = await openStore(config, 'consent');
const services = await createConsentServices(config, store);
process.stdout.write('ready\n');
await services.notifications.work(new AbortController().signal, 100);
