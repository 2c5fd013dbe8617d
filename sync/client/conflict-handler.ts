// How the terminal settles a push the platform reports as conflicting: the platform's status fields win
// (it is the record of the review), the terminal's content stays (the citizen's submission is never lost
// on the terminal). RxDB reads a collection's conflictHandler when replication starts.
import type { RxConflictHandler } from 'rxdb';
import type { ApplicationDoc } from '../protocol/application.js';
import { sameApplicationDocument, withPlatformStatus } from '../protocol/application-ownership.js';

export const applicationConflictHandler: RxConflictHandler<ApplicationDoc> = {
  isEqual: (a, b) => sameApplicationDocument(a, b),
  resolve: async ({ newDocumentState, realMasterState }) => withPlatformStatus(newDocumentState, realMasterState),
};
