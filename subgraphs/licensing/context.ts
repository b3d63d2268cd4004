import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import type { ApplicationRecord, BusinessRecord, LicenceRecord, LicensingStore } from './store.js';

export interface LicensingContext extends BaseSubgraphContext {
  /** One clock reading per request, so that every status and reminder in a response agrees. */
  now: Date;
  store: LicensingStore;
  businesses: DataLoader<string, BusinessRecord | null>;
  licences: DataLoader<string, LicenceRecord | null>;
  businessesByOwner: DataLoader<string, BusinessRecord[]>;
  licencesByBusiness: DataLoader<string, LicenceRecord[]>;
  applicationsByCitizen: DataLoader<string, ApplicationRecord[]>;
}

export type LicensingLoaders = Pick<
  LicensingContext,
  'businesses' | 'licences' | 'businessesByOwner' | 'licencesByBusiness' | 'applicationsByCitizen'
>;

/** New loaders for every request: their caches never outlive it. Each batch answers in key order. */
export function createLoaders(store: LicensingStore): LicensingLoaders {
  return {
    businesses: new DataLoader((ids) => store.businesses.getMany(ids)),
    licences: new DataLoader((ids) => store.licences.getMany(ids)),
    businessesByOwner: new DataLoader((ids) => store.businessesOfOwners(ids)),
    licencesByBusiness: new DataLoader((ids) => store.licencesOfBusinesses(ids)),
    applicationsByCitizen: new DataLoader((ids) => store.applicationsOfCitizens(ids)),
  };
}
