import { describe, expect, it } from '@jest/globals';
import { ConfigError, configToEnv, loadConfig } from '../../../platform/config.js';

/** The flood episode settings (docs/notifications.md, "Flood episodes"): parsed once, every error at once. */
const base = { NODE_ENV: 'test', HUB_DATA_DIR: '/tmp/citygraph-config-flood' };

describe('flood episode configuration', () => {
  it('defaults to a 30-minute quiet period and two warnings an hour to a district’s residents', () => {
    expect(loadConfig(base).flood).toEqual({ quietMs: 1_800_000, residentWarningsPerHour: 2 });
  });

  it('takes other values and hands them on to child processes', () => {
    const config = loadConfig({ ...base, HUB_FLOOD_QUIET_MS: '600000', HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR: '4' });
    expect(config.flood).toEqual({ quietMs: 600_000, residentWarningsPerHour: 4 });
    expect(loadConfig({ ...base, ...configToEnv(config) }).flood).toEqual(config.flood);
  });

  it('refuses a quiet period under a second and a cap of zero, naming both', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, HUB_FLOOD_QUIET_MS: '0', HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect([problems.includes('HUB_FLOOD_QUIET_MS'), problems.includes('HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR')]).toEqual([true, true]);
  });
});
