import type DataLoader from 'dataloader';

/**
 * Records a resolver already read from its store go into the request's loader, so that later fields asking for the
 * same id cost no second query (DataLoader's cache priming). Plain data-loading: it has nothing to do with consent.
 */
export function rememberLoaded<T extends { id: string }>(loader: DataLoader<string, T | null>, records: readonly T[]): void {
  for (const record of records) loader.prime(record.id, record);
}
