// Append-only audit trail: one JSON object per line in dataDir/audit/YYYY-MM-DD.jsonl (UTC day).
// It records what happened to the terminal, never who was served: no names, ID numbers, addresses or
// receipt contents (ARCHITECTURE rule 5). The event union below is the only way in, and carries no
// free text from a card or a form.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CardType } from '../../sync/protocol/catalog.js';
import type { DeviceClass, DeviceStatus } from '../../sync/protocol/device-health.js';
import type { ApplicationAuditEvent } from '../api/application-events.js';

export type AuditEvent =
  | {
      readonly type: 'host.start';
      readonly version: string;
      readonly terminalId: string;
      readonly profile: string;
      readonly simulation: boolean;
    }
  | { readonly type: 'host.stop'; readonly reason: string }
  | {
      readonly type: 'device.status';
      readonly deviceId: string;
      readonly deviceClass: DeviceClass;
      readonly status: DeviceStatus['kind'];
      readonly code?: string;
    }
  | {
      readonly type: 'card.present';
      readonly deviceId: string;
      readonly cardType: CardType;
      readonly idNumberValid: boolean;
      readonly expired: boolean;
    }
  | { readonly type: 'card.removed'; readonly deviceId: string }
  | { readonly type: 'card.error'; readonly deviceId: string; readonly code: string }
  | {
      readonly type: 'print';
      readonly applicationId: string;
      readonly outcome: 'printed' | 'reprinted' | 'already_printed' | 'failed';
      readonly code?: string;
      readonly lineCount: number;
    }
  /** Attachment bytes kept, sent or deleted: counts and sizes only, never a hash or the image. */
  | {
      readonly type: 'attachment';
      readonly action: 'stored' | 'refused' | 'uploaded' | 'upload_failed' | 'upload_refused' | 'released' | 'swept';
      readonly count: number;
      readonly bytes?: number;
      readonly code?: string;
    }
  /**
   * Sync events staff must be able to trace: an application held aside (refused for good), sent again or handed
   * over to the counter by staff, or taken over an offline limit. Id, codes and counts only, never its content.
   */
  | ({ readonly type: 'application' } & ApplicationAuditEvent)
  | { readonly type: 'session.open'; readonly transport: 'ws' | 'ipc'; readonly sessionId: string }
  | { readonly type: 'session.close'; readonly transport: 'ws' | 'ipc'; readonly sessionId: string }
  | {
      readonly type: 'sim';
      readonly action: 'place-card' | 'remove-card' | 'set-paper' | 'scan' | 'unplug' | 'replug';
      /** The identity index, paper present, or the device id unplugged or replugged. */
      readonly value?: number | boolean | string;
    }
  /** A scan: how it came and how big it was, never its text. */
  | {
      readonly type: 'scan';
      readonly deviceId: string;
      readonly source: string;
      readonly symbology: string;
      readonly bytes: number;
    }
  | { readonly type: 'scan.refused'; readonly deviceId: string; readonly code: string }
  /** Start-up self-check: every configured device's status once the devices have settled. */
  | {
      readonly type: 'device.selfcheck';
      readonly devices: readonly {
        readonly deviceId: string;
        readonly deviceClass: DeviceClass;
        readonly status: DeviceStatus['kind'];
        readonly code?: string;
      }[];
    }
  /** An identity QR was checked: the outcome and card type only, never the text, name or number. */
  | { readonly type: 'identity.qr'; readonly outcome: 'verified' | 'refused'; readonly code?: string; readonly cardType?: CardType }
  /** Signed platform look-ups for the renderer: outcome (and how many certificates), never the ID number. */
  | { readonly type: 'platform.e-certificates'; readonly outcome: string; readonly count: number }
  | { readonly type: 'platform.progress-query'; readonly by: 'person' | 'case-code'; readonly outcome: string }
  /** Staff enrolled the terminal again with a new code (never the code itself). */
  | { readonly type: 'platform.enrol'; readonly outcome: 'enrolled' | 'enrollment_refused' | 'platform_unreachable' }
  | {
      readonly type: 'a4.print';
      readonly kind: string;
      readonly applicationId: string;
      readonly outcome: 'printed' | 'failed';
      readonly code?: string;
      readonly pages?: number;
    };

export interface AuditLog {
  record(event: AuditEvent): void;
  /** The directory holding the day files. */
  readonly dir: string;
}

export function createAuditLog(dataDir: string, now: () => Date = () => new Date()): AuditLog {
  const dir = join(dataDir, 'audit');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let warned = false;
  return {
    dir,
    record(event) {
      const at = now();
      const line = JSON.stringify({ at: at.toISOString(), ...event }) + '\n';
      try {
        // Synchronous append: ordered, and on disk before the call returns. Audit volume is small.
        appendFileSync(join(dir, `${at.toISOString().slice(0, 10)}.jsonl`), line, { mode: 0o600, flag: 'a' });
      } catch (e) {
        if (!warned) console.error(`[audit] cannot write to ${dir}: ${(e as Error).message}`);
        warned = true;
      }
    },
  };
}
