// The ONE place the chaos harness, the benchmarks and the platform-level purge test make "a terminal client
// for this platform": enrolment for a credential, sync/client with a signer, and signed raw requests.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { RxCollection } from 'rxdb';
import { credentialSigner, startTerminalReplication, type TerminalReplication } from '../client/index.js';
import type { AttachmentBlob } from '../protocol/attachment.js';
import { ENROLLMENT_PATHS } from '../protocol/enrollment.js';
import { canonicalRequest, deriveSigningKey, NONCE_HEADER, SIGNATURE_HEADER, TERMINAL_ID_HEADER, TIMESTAMP_HEADER } from '../protocol/request-signing.js';
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

/**
 * Many simulated terminals pushing from one load-generator process (bench/sync-ingest.ts). Each request is
 * signed exactly as sync/protocol/request-signing.ts signs it (same canonical text, key and nonce format),
 * through node:crypto and node:http keep-alive sockets instead of Web Crypto and fetch: the generator stands
 * in for a thousand machines on two shared cores, so its own cost per request must stay small, or it would
 * be the generator that is measured. The platform verifies every request in full either way.
 */
export interface RawPusher {
  /** Sends one signed POST with this JSON body; resolves with the HTTP status (0: no answer). */
  post(terminal: PushingTerminal, path: string, body: string): Promise<number>;
  close(): void;
}

export interface PushingTerminal {
  readonly terminalId: string;
  /** The derived signing key (deriveSigningKey(credential)). */
  readonly signingKey: string;
}

export async function pushingTerminal(credential: TerminalCredential): Promise<PushingTerminal> {
  return { terminalId: credential.terminalId, signingKey: await deriveSigningKey(credential.secret) };
}

export function rawPusher(platformUrl: string, maxSockets: number): RawPusher {
  const base = new URL(platformUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    post(terminal, path, body) {
      const timestamp = String(Date.now());
      const nonce = randomBytes(16).toString('base64url');
      const bodySha256 = createHash('sha256').update(body).digest('hex');
      const signature = createHmac('sha256', terminal.signingKey)
        .update(canonicalRequest({ method: 'POST', pathAndQuery: path, timestamp, nonce, bodySha256 }))
        .digest('hex');
      return new Promise((resolve) => {
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            path,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              [TERMINAL_ID_HEADER]: terminal.terminalId,
              [TIMESTAMP_HEADER]: timestamp,
              [NONCE_HEADER]: nonce,
              [SIGNATURE_HEADER]: signature,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', () => resolve(0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
