// The ONE place the chaos harness and the benchmarks make "a terminal client for this platform".
// Terminal authentication is changing (enrolment + signed requests); when sync/client's options change,
// only this adapter follows.
import type { RxCollection } from 'rxdb';
import { startTerminalReplication, type TerminalReplication } from '../client/index.js';

export interface TerminalCredential {
  terminalId: string;
  /** Today: the static terminal key. With enrolment: whatever the client needs to sign requests. */
  secret: string;
}

export interface ChaosClientOptions {
  platformUrl: string;
  credential: TerminalCredential;
  catalog: RxCollection;
  applications: RxCollection;
  retry?: { initialMs: number; maxMs: number };
  pollIntervalMs?: number;
}

export function startTerminalClient(opts: ChaosClientOptions): TerminalReplication {
  return startTerminalReplication({
    platformUrl: opts.platformUrl,
    terminalId: opts.credential.terminalId,
    terminalKey: opts.credential.secret,
    catalog: opts.catalog,
    applications: opts.applications,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {}),
  });
}

/** Headers for a raw terminal request (benchmarks push without RxDB). */
export function terminalHeaders(credential: TerminalCredential): Record<string, string> {
  return { 'x-yichuang-terminal': credential.terminalId, 'x-yichuang-terminal-key': credential.secret };
}
