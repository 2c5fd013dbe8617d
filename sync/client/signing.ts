// How sync/client gets a request signed. The terminal's credential lives in the host, never in the
// renderer: the renderer passes a RequestSigner that asks the host (TerminalApi.signPlatformRequest).
// credentialSigner is for processes that hold the credential themselves (tests, chaos, benchmarks).
import { deriveSigningKey, newNonce, signRequest, type SignRequestInput } from '../protocol/index.js';

/** Returns the headers to send with one request, or throws (e.g. the terminal is not enrolled yet). */
export type RequestSigner = (req: SignRequestInput) => Promise<Record<string, string>>;

/** Path and query of an absolute URL, exactly as the platform will see them. */
export function pathAndQueryOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

export function credentialSigner(terminalId: string, credential: string, now: () => number = Date.now): RequestSigner {
  const key = deriveSigningKey(credential);
  return async (req) => ({
    ...(await signRequest(await key, terminalId, { method: req.method, pathAndQuery: pathAndQueryOf(req.url), bodySha256: req.bodySha256 }, now(), newNonce())),
  });
}
