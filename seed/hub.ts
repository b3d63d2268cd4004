import { seedCitizens, seedGrantees } from './consent.js';
import { seedFaces } from './faces.js';
import type { HubConfig } from '../platform/config.js';
import { ensureDevKeys, masterKey } from '../platform/keys.js';
import { DEPARTMENTS, type Department } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import { openStore } from '../platform/store/index.js';
import { localSealing, type SeedFn } from './kit.js';
import { prng } from './demo-layout.js';

const seeds: Record<Department, () => Promise<{ seed: SeedFn }>> = {
  health: () => import('./health.js'),
  licensing: () => import('./licensing.js'),
  transport: () => import('./transport.js'),
  water: () => import('./water.js'),
  sensors: () => import('./sensors.js'),
};

export interface SeedOptions {
  citizens: number;
  sensors: number;
  now?: Date;
  progress?: (done: number, total: number, label: string) => void;
}

interface SeedMarker {
  id: string;
  seededAt: string;
  citizens: number;
  sensors: number;
}

/** Whether the demo data is already there (the consent store remembers the seed run). */
export async function isSeeded(config: HubConfig): Promise<boolean> {
  const store = await openStore(config, 'consent');
  try {
    const runs = await store.collection<SeedMarker>({ name: 'seed_runs' });
    return (await runs.get('demo')) !== null;
  } finally {
    await store.close();
  }
}

/**
 * Seeds every subgraph with the deterministic demo city. Each department's seed writes only its own store;
 * the citizens' data keys exist only in this process's memory while it runs.
 */
export async function seedHub(config: HubConfig, options: SeedOptions): Promise<void> {
  await loadSodium();
  // The development key files (and the pass public key beside its seed) exist before any service needs them.
  if (config.env !== 'production') ensureDevKeys(config);
  const now = options.now ?? new Date();
  const progress = options.progress ?? (() => undefined);
  const consentStore = await openStore(config, 'consent');
  let dataKeys: Map<string, { key: Uint8Array; version: number }>;
  try {
    dataKeys = await seedCitizens(consentStore, masterKey(config), options.citizens, now, prng(1), progress);
    await seedGrantees(consentStore, masterKey(config), now);
    await seedFaces(consentStore, masterKey(config), dataKeys, now);
  } finally {
    await consentStore.close();
  }
  for (const [index, department] of DEPARTMENTS.entries()) {
    const { seed } = await seeds[department]();
    const store = await openStore(config, department);
    try {
      await seed({
        store,
        now,
        citizens: options.citizens,
        sensors: options.sensors,
        random: prng(1000 + index),
        progress,
        ...localSealing(department, dataKeys),
      });
    } finally {
      await store.close();
    }
  }
  const marker = await openStore(config, 'consent');
  try {
    const runs = await marker.collection<SeedMarker>({ name: 'seed_runs' });
    await runs.upsert({ id: 'demo', seededAt: now.toISOString(), citizens: options.citizens, sensors: options.sensors });
  } finally {
    await marker.close();
  }
}
