// The ONE place the chaos harness, the benchmarks and the platform-level purge test make "a terminal client
// for this platform": enrolment for a credential, sync/client with a signer, and signed raw requests.
import type { RxCollection } from 'rxdb';
import { credentialSigner, startTerminalReplication, type TerminalReplication } from '../client/index.js';
import type { AttachmentBlob } from '../protocol/attachment.js';
import { ENROLLMENT_PATHS } from '../protocol/enrollment.js';
import { sha256Hex } from '../protocol/web-crypto.js';

export interface TerminalCredential {
  terminalId: string;
  /** The credential from enrolment (the terminal host keeps it; requests are signed with a key derived from it). */
  secret: string;
}

export interface ChaosClientOptions {
  platformUrl: string;
  credential: TerminalCredential;
  catalog: RxCollection;
  applications: RxCollection;
  retry?: { initialMs: number; maxMs: number };
  pollIntervalMs?: number;
  /** Uploads attachments before their applications are pushed (the terminal host's job in production). */
  uploadAttachments?: (blobs: readonly AttachmentBlob[]) => Promise<void>;
}

export function startTerminalClient(opts: ChaosClientOptions): TerminalReplication {
  return startTerminalReplication({
    platformUrl: opts.platformUrl,
    terminalId: opts.credential.terminalId,
    sign: credentialSigner(opts.credential.terminalId, opts.credential.secret),
    catalog: opts.catalog,
    applications: opts.applications,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.uploadAttachments ? { uploadAttachments: opts.uploadAttachments } : {}),
    ...(opts.pollIntervalMs
      ? { pollIntervalMs: opts.pollIntervalMs, safetyPullMs: opts.pollIntervalMs }
      : {}),
  });
}

const signers = new Map<string, ReturnType<typeof credentialSigner>>();

/** Signed headers for one raw terminal request (benchmarks push without RxDB). */
export async function terminalRequestHeaders(
  credential: TerminalCredential,
  request: { method: 'GET' | 'POST'; url: string; body?: string },
): Promise<Record<string, string>> {
  let sign = signers.get(credential.terminalId);
  if (!sign) {
    sign = credentialSigner(credential.terminalId, credential.secret);
    signers.set(credential.terminalId, sign);
  }
  return sign({ method: request.method, url: request.url, bodySha256: await sha256Hex(request.body ?? '') });
}

/** Enrols a terminal as an operator and the terminal would: a one-time code, then enrolment. */
export async function provisionTerminal(
  platformUrl: string,
  adminToken: string,
  terminalId: string,
): Promise<TerminalCredential> {
  const code = await fetch(`${platformUrl}${ENROLLMENT_PATHS.createCode}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ terminalId, ttlMinutes: 60 }),
  });
  if (!code.ok) throw new Error(`enrolment code for ${terminalId}: platform answered ${code.status}`);
  const { code: oneTimeCode } = (await code.json()) as { code: string };
  const enrolled = await fetch(`${platformUrl}${ENROLLMENT_PATHS.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: oneTimeCode, terminalId, publicInfo: { version: 'chaos' } }),
  });
  if (!enrolled.ok) throw new Error(`enrolling ${terminalId}: platform answered ${enrolled.status}`);
  const { credential } = (await enrolled.json()) as { credential: string };
  return { terminalId, secret: credential };
}
