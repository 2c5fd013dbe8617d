// sync/client's side of purging (sync/protocol/application-purge.ts): a purged local copy is never sent to
// the platform (it would overwrite the platform's record, and the platform would refuse its masked ID),
// and a pulled copy of an application this terminal has purged is purged again before it is stored, so a
// later status change does not bring the personal fields back.
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import type { ApplicationDoc } from '../protocol/application.js';
import { isPurgedApplication, purgedApplication } from '../protocol/application-purge.js';
import { withPlatformStatus } from '../protocol/application-ownership.js';

export interface PushSplit {
  /** Rows to send to the platform. */
  send: RxReplicationWriteToMasterRow<ApplicationDoc>[];
  /**
   * Answers for withheld rows, as conflicts: when RxDB's assumed master state carries a newer status than the
   * purged copy (a status change pulled while the purge was being written), the purged copy with the platform's
   * status, so the conflict handler settles on it and the status change is not lost.
   */
  answered: WithDeleted<ApplicationDoc>[];
}

export function withholdPurged(rows: readonly RxReplicationWriteToMasterRow<ApplicationDoc>[]): PushSplit {
  const send: RxReplicationWriteToMasterRow<ApplicationDoc>[] = [];
  const answered: WithDeleted<ApplicationDoc>[] = [];
  for (const row of rows) {
    if (!isPurgedApplication(row.newDocumentState)) {
      send.push(row);
      continue;
    }
    const master = row.assumedMasterState;
    if (
      master &&
      (master.status !== row.newDocumentState.status || master.statusNote !== row.newDocumentState.statusNote)
    ) {
      answered.push(
        withPlatformStatus(row.newDocumentState, master as ApplicationDoc) as WithDeleted<ApplicationDoc>,
      );
    }
  }
  return { send, answered };
}

/**
 * For a pulled batch: purge a pulled document again when the local copy is purged. One lookup for the batch
 * (an RxDB pull modifier runs a query per document: most of a pull's time while a long queue is acknowledged).
 */
export function purgeAgainIfPurgedLocally(applications: RxCollection) {
  return async (docs: WithDeleted<ApplicationDoc>[]): Promise<WithDeleted<ApplicationDoc>[]> => {
    if (docs.length === 0) return docs;
    const local = (await applications.findByIds(docs.map((d) => d.id)).exec()) as Map<string, { toJSON(): unknown }>;
    return docs.map((doc) => {
      const localDoc = local.get(doc.id)?.toJSON() as { applicant?: { purgedAt?: string } } | undefined;
      if (!localDoc || !isPurgedApplication(localDoc)) return doc;
      return purgedApplication(doc, localDoc.applicant!.purgedAt!);
    });
  };
}
