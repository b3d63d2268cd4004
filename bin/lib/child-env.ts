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
