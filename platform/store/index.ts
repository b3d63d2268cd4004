import path from 'node:path';
import type { HubConfig } from '../config.js';
import { MongoStore } from './mongo.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export * from './types.js';

/** Opens the store of one subgraph: SQLite under the data directory, or its own MongoDB database with MONGODB_URI. */
export async function openStore(config: HubConfig, database: string): Promise<Store> {
  if (config.mongodbUri) {
    return MongoStore.connect(config.mongodbUri, `citygraph_${database}`, { durableWrites: database === 'consent' });
  }
  return new SqliteStore(database, path.join(config.dataDir, `${database}.sqlite`), { durableWrites: database === 'consent', bulkWrites: database === 'sensors' });
}
