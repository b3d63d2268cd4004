import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import type { ApplicationRecord, BusinessRecord, InspectionRecord, LicenceRecord, LicensingStore, ReminderRecord, ReminderWatchRecord } from './store.js';

export interface LicensingContext extends BaseSubgraphContext {
  /** One clock reading per request, so that every status and reminder in a response agrees. */
  now: Date;
  store: LicensingStore;
  businesses: DataLoader<string, BusinessRecord | null>;
  licences: DataLoader<string, LicenceRecord | null>;
  businessesByOwner: DataLoader<string, BusinessRecord[]>;
  licencesByBusiness: DataLoader<string, LicenceRecord[]>;
  applicationsByCitizen: DataLoader<string, ApplicationRecord[]>;
  inspectionsByBusiness: DataLoader<string, InspectionRecord[]>;
  remindersByLicence: DataLoader<string, ReminderRecord[]>;
  /** The reminder worker's progress, read once per request when a reminder needs it. */
  reminderWatch(): Promise<ReminderWatchRecord | null>;
}

export type LicensingLoaders = Pick<
  LicensingContext,
  'businesses' | 'licences' | 'businessesByOwner' | 'licencesByBusiness' | 'applicationsByCitizen' | 'inspectionsByBusiness' | 'remindersByLicence' | 'reminderWatch'
>;

/** New loaders for every request: their caches never outlive it. Each batch answers in key order. */
export function createLoaders(store: LicensingStore): LicensingLoaders {
  let watch: Promise<ReminderWatchRecord | null> | undefined;
  return {
    inspectionsByBusiness: new DataLoader((ids) => store.inspectionsOfBusinesses(ids)),
    remindersByLicence: new DataLoader((ids) => store.remindersOfLicences(ids)),
    reminderWatch: () => (watch ??= store.watch()),
    businesses: new DataLoader((ids) => store.businesses.getMany(ids)),
    licences: new DataLoader((ids) => store.licences.getMany(ids)),
    businessesByOwner: new DataLoader((ids) => store.businessesOfOwners(ids)),
    licencesByBusiness: new DataLoader((ids) => store.licencesOfBusinesses(ids)),
    applicationsByCitizen: new DataLoader((ids) => store.applicationsOfCitizens(ids)),
  };
}
