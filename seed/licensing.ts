import type { Doc, Collection } from '../platform/store/types.js';
import type { SeedFn } from './kit.js';
import { buildDemoLicensing } from './licensing-demo-data.js';
import { LicensingStore } from '../subgraphs/licensing/store.js';

const BATCH = 1000;

/** Writes the demo register. Nothing here is sealed: business records are not personal, and ownership is a plain link. */
export const seed: SeedFn = async (context) => {
  const store = await LicensingStore.open(context.store);
  const demo = buildDemoLicensing({ now: context.now, citizens: context.citizens, random: context.random });
  const total = demo.businesses.length + demo.licences.length + demo.applications.length + demo.transitions.length + demo.inspections.length;
  let done = 0;
  const write = async <T extends Doc>(collection: Collection<T>, docs: readonly T[]) => {
    for (let start = 0; start < docs.length; start += BATCH) {
      const batch = docs.slice(start, start + BATCH);
      await collection.insertMany(batch, { ignoreDuplicates: true });
      done += batch.length;
      context.progress(done, total, 'licensing');
    }
  };
  await write(store.businesses, demo.businesses);
  await write(store.licences, demo.licences);
  await write(store.applications, demo.applications);
  await write(store.transitions, demo.transitions);
  await write(store.inspections, demo.inspections);
};
