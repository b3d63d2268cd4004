import { configToEnv, processBasics, type HubConfig } from '../../platform/config.js';
import { deriveChildSecrets, type ServiceName } from '../../platform/keys.js';

/**
 * A child service's whole environment, built from an allow-list (ARCHITECTURE §5): the process basics (`processBasics`: how to run, never what to trust), the
 * hub's settings without any key (`configToEnv`), and that service's own keys derived from the roots. No child
 * inherits `HUB_MASTER_KEY` or `HUB_PRINCIPAL_SECRET` (consent receives the master key, nobody receives the root).
 */
export function childEnvironment(service: ServiceName, config: HubConfig, parent?: NodeJS.ProcessEnv): Record<string, string> {
  // The notification webhooks' signing secret belongs to the consent service alone, which delivers notifications.
  const webhook: Record<string, string> = service === 'consent' && config.notify.webhookSecret ? { HUB_NOTIFY_WEBHOOK_SECRET: config.notify.webhookSecret } : {};
  return { ...processBasics(parent), ...configToEnv(config), ...deriveChildSecrets(config, service), ...webhook };
}

/**
 * The development identity provider's whole environment: how to run, where its own key file lives, its port and
 * the portal's (for the redirect URIs), the client id and how many demo citizens there are. No key, no store, no
 * other service's address: it signs citizens in and knows nothing else of the hub.
 */
const IDENTITY_SETTINGS = ['NODE_ENV', 'HUB_DATA_DIR', 'HUB_HOST', 'HUB_LOG_LEVEL', 'HUB_PORT_IDENTITY', 'HUB_PORT_GATEWAY', 'HUB_OIDC_CLIENT_ID', 'HUB_OIDC_STAFF_CLIENT_ID', 'HUB_SEED_CITIZENS'] as const;

export function identityProviderEnvironment(config: HubConfig, parent?: NodeJS.ProcessEnv): Record<string, string> {
  const settings = configToEnv(config);
  const env: Record<string, string> = processBasics(parent);
  for (const name of IDENTITY_SETTINGS) if (settings[name] !== undefined) env[name] = settings[name];
  return env;
}
