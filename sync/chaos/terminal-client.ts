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

/**
 * Authentication headers for one raw terminal request (benchmarks push without RxDB). Async and given the
 * whole request, so a signing scheme (timestamp, nonce, body hash) fits behind it unchanged.
 */
export async function terminalRequestHeaders(
  credential: TerminalCredential,
  _request: { method: 'GET' | 'POST'; url: string; body?: string },
): Promise<Record<string, string>> {
  return { 'x-yichuang-terminal': credential.terminalId, 'x-yichuang-terminal-key': credential.secret };
}

/**
 * Gives the platform a terminal and returns its credential (benchmarks simulate many terminals).
 * Today: the operator registers the terminal with a key. With enrolment: an enrolment code, then enrol.
 */
export async function provisionTerminal(
  platformUrl: string,
  adminToken: string,
  terminalId: string,
): Promise<TerminalCredential> {
  const secret = `bench-key-${terminalId}-0000000000`;
  const res = await fetch(`${platformUrl}/v1/admin/terminals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: terminalId, key: secret }),
  });
  if (!res.ok) throw new Error(`registering ${terminalId} answered ${res.status}`);
  return { terminalId, secret };
}
