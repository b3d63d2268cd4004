import { startDevIdentityProvider, type DevIdentityProvider } from '../../bin/lib/dev-identity-provider.js';
import { createLogger } from '../../platform/logger.js';
import { startTestHub, type TestHub } from './hub.js';
import { freePort } from '../../platform/ports.js';

/**
 * A test hub and the development identity provider (a real oidc-provider on its own free port) for its citizens:
 * the setup of every citizen sign-in test, in a browser or by hand.
 */
export async function startHubWithIdentityProvider(citizens: number): Promise<{ hub: TestHub; provider: DevIdentityProvider }> {
  const hub = await startTestHub({ citizens, sensors: 200, env: { HUB_SEED_CITIZENS: String(citizens), HUB_PORT_IDENTITY: String(await freePort()) } });
  const provider = await startDevIdentityProvider(hub.config, createLogger({ service: 'test', level: 'silent' }));
  return { hub, provider };
}
