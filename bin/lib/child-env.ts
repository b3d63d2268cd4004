import { configToEnv, type HubConfig } from '../../platform/config.js';
import { deriveChildSecrets, type ServiceName } from '../../platform/keys.js';

/** The only variables a child takes from the launcher's own environment: how to run, never what to trust. */
const PASS_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;

/**
 * A child service's whole environment, built from an allow-list (ARCHITECTURE §5): the process basics above, the
 * hub's settings without any key (`configToEnv`), and that service's own keys derived from the roots. No child
 * inherits `HUB_MASTER_KEY` or `HUB_PRINCIPAL_SECRET` (consent receives the master key, nobody receives the root).
 */
export function childEnvironment(service: ServiceName, config: HubConfig, parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...configToEnv(config), ...deriveChildSecrets(config, service) };
}
