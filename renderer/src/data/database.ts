// The terminal's local database: RxDB on IndexedDB (Dexie storage), personal fields encrypted at rest
// with the host's localDataKey (AES-GCM through Web Crypto: encrypted-storage.ts; databases written by the
// earlier crypto-js encryption stay readable). Three collections only (the open-core build allows 13 per
// process).
// No dev-mode plugin here, ever: it is for tests and debugging, never shipped.
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { ApplicationDoc } from '../../../sync/protocol/application.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { reviewRxSchema, type ReviewDoc } from '../../../sync/protocol/review.js';
import { applicationMigrationStrategies, applicationRxSchema, catalogRxSchema, catalogMigrationStrategies } from '../../../sync/protocol/rxdb-schemas.js';
import { fieldEncryptedStorage } from './encrypted-storage.js';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

/** Documents as stored: the zod types without the replication-only `_deleted` flag. */
export type CatalogDoc = Omit<CatalogItem, '_deleted'>;
export type ApplicationRecord = Omit<ApplicationDoc, '_deleted'>;
export type ReviewRecord = Omit<ReviewDoc, '_deleted'>;

export type CatalogCollection = RxCollection<CatalogDoc>;
export type ApplicationsCollection = RxCollection<ApplicationRecord>;
export type ReviewsCollection = RxCollection<ReviewRecord>;

export interface TerminalCollections {
  catalog: CatalogCollection;
  applications: ApplicationsCollection;
  reviews: ReviewsCollection;
}

export type TerminalRxDatabase = RxDatabase<TerminalCollections>;

export interface TerminalDatabase {
  readonly db: TerminalRxDatabase;
  readonly catalog: CatalogCollection;
  readonly applications: ApplicationsCollection;
  /** 好差评, pushed once (sync/protocol/review.ts). */
  readonly reviews: ReviewsCollection;
  /** The terminal this database belongs to (documents created here carry it). */
  readonly terminalId: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  readonly terminalId: string;
  /** TerminalInfo.localDataKey: RxDB's encryption password (at least 8 characters). */
  readonly password: string;
  /** The unencrypted storage underneath; defaults to Dexie on the browser's IndexedDB. */
  readonly baseStorage?: RxStorage<unknown, unknown>;
  /** Defaults to a name derived from the terminal id. */
  readonly name?: string;
}

/** RxDB database names: lower-case letters, digits, '-', '_'. */
export function databaseNameFor(terminalId: string): string {
  return `yichuang-${terminalId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
}

export async function openTerminalDatabase(options: OpenDatabaseOptions): Promise<TerminalDatabase> {
  const storage = fieldEncryptedStorage({ storage: options.baseStorage ?? getRxStorageDexie() });
  const db = await createRxDatabase<TerminalCollections>({
    name: options.name ?? databaseNameFor(options.terminalId),
    storage,
    password: options.password,
    multiInstance: false,
    // The application-number sequence lives in a local document.
    localDocuments: true,
    closeDuplicates: true,
  });
  try {
    await db.addCollections({
      catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<CatalogDoc>, migrationStrategies: catalogMigrationStrategies },
      // Stored documents of older versions are migrated here, before the collection is handed out (sync/protocol/rxdb-schemas.ts).
      applications: {
        schema: applicationRxSchema as unknown as RxJsonSchema<ApplicationRecord>,
        migrationStrategies: applicationMigrationStrategies,
      },
      reviews: { schema: reviewRxSchema as unknown as RxJsonSchema<ReviewRecord> },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    catalog: db.catalog,
    applications: db.applications,
    reviews: db.reviews,
    terminalId: options.terminalId,
    close: async () => {
      await db.close();
    },
  };
}
