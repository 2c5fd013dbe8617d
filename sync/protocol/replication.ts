// Wire format of replication, in the RxDB replication protocol's shape so sync/client can hand it
// straight to replicateRxCollection(). Ordering is by the platform's sequence, never client clocks.
import { z } from 'zod';

export const checkpointSchema = z.object({ seq: z.number().int().nonnegative() });
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface PullResponse<Doc> {
  documents: Doc[];
  checkpoint: Checkpoint;
}

export interface PushRow<Doc> {
  assumedMasterState?: Doc | null;
  newDocumentState: Doc;
}

/** The platform's current state of each row that conflicted (RxDB: push returns master states). */
export type PushResponse<Doc> = Doc[];

/** Collections that replicate, and their direction from the terminal's point of view. */
export const REPLICATED_COLLECTIONS = {
  catalog: 'pull',
  applications: 'push-and-pull',
  reviews: 'push',
} as const;
export type ReplicatedCollection = keyof typeof REPLICATED_COLLECTIONS;

export const SYNC_PATHS = {
  health: '/health',
  openapi: '/openapi.json',
  pull: (c: ReplicatedCollection) => `/v1/sync/${c}/pull`,
  push: (c: ReplicatedCollection) => `/v1/sync/${c}/push`,
  /** Server-sent events: a 'change' event whenever the collection has news for this terminal. */
  stream: (c: ReplicatedCollection) => `/v1/sync/${c}/stream`,
} as const;

/** Collections a terminal can follow live (GET SYNC_PATHS.stream). */
export const STREAMED_COLLECTIONS = ['catalog', 'applications'] as const;
export type StreamedCollection = (typeof STREAMED_COLLECTIONS)[number];

/** Error body for every 4xx/5xx from the platform. */
export interface PlatformErrorBody {
  error: string;
  message: string;
  /** For 400: the path of the offending field, e.g. 'applicant.idNumber'. */
  field?: string;
}
