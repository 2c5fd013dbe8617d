// Requests to the platform from the terminal (browser fetch; no Node modules). Every request is signed
// through the RequestSigner. Every failure becomes a PlatformRequestError with a short reason for
// ConnectivityState.lastError; nothing personal in it.
import { checkpointSchema, EMPTY_BODY_SHA256, sha256Hex, type PlatformErrorBody } from '../protocol/index.js';
import { z } from 'zod';
import type { RequestSigner } from './signing.js';

const REQUEST_TIMEOUT_MS = 20_000;

export class PlatformRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the platform was not reached. */
    readonly status: number,
    /** The platform's error body when it sent one (code, message, field; never personal values). */
    readonly body?: PlatformErrorBody,
  ) {
    super(message);
    this.name = 'PlatformRequestError';
  }
}

export interface PlatformHttp {
  get(path: string, query: Record<string, string | number>): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  /** A signed GET whose response body is read as a stream by the caller (live stream). */
  openStream(path: string, signal: AbortSignal): Promise<Response>;
}

export interface PlatformHttpOptions {
  platformUrl: string;
  sign: RequestSigner;
  fetch: typeof fetch;
}

export function createPlatformHttp(opts: PlatformHttpOptions): PlatformHttp {
  const base = opts.platformUrl.replace(/\/+$/, '');

  async function signed(method: 'GET' | 'POST', url: string, body: string | undefined): Promise<Record<string, string>> {
    try {
      const bodySha256 = body === undefined ? EMPTY_BODY_SHA256 : await sha256Hex(body);
      return await opts.sign({ method, url, bodySha256 });
    } catch (e) {
      throw new PlatformRequestError(`request not signed: ${(e as Error).message}`, 0);
    }
  }

  async function send(method: 'GET' | 'POST', url: string, body: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers = await signed(method, url, body);
    try {
      return await opts.fetch(url, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
        signal,
      });
    } catch (e) {
      throw new PlatformRequestError(`platform unreachable: ${(e as Error).message}`, 0);
    }
  }

  async function request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    const res = await send(method, url, body === undefined ? undefined : JSON.stringify(body), AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    const text = await res.text().catch(() => '');
    if (!res.ok) throw refusal(res.status, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PlatformRequestError(`platform answered ${res.status} with a body that is not JSON`, res.status);
    }
  }

  return {
    get: (path, query) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return request('GET', `${base}${path}${qs ? `?${qs}` : ''}`);
    },
    post: (path, body) => request('POST', `${base}${path}`, body),
    async openStream(path, signal) {
      const res = await send('GET', `${base}${path}`, undefined, signal);
      if (!res.ok) throw refusal(res.status, await res.text().catch(() => ''));
      return res;
    },
  };
}

function refusal(status: number, text: string): PlatformRequestError {
  const err = parseErrorBody(text);
  return new PlatformRequestError(`platform answered ${status}${err ? ` ${err.error}: ${err.message}` : ''}`, status, err ?? undefined);
}

function parseErrorBody(text: string): PlatformErrorBody | null {
  try {
    const v = JSON.parse(text) as Partial<PlatformErrorBody>;
    return typeof v.error === 'string' && typeof v.message === 'string' ? (v as PlatformErrorBody) : null;
  } catch {
    return null;
  }
}

// Envelopes are checked at this edge; documents are checked by the platform when written there, and the
// terminal must not refuse (and so stall on) a document its own, possibly older, schema does not know.
const docShape = z.looseObject({ id: z.string().min(1), _deleted: z.boolean().optional() });
export const pullEnvelopeSchema = z.object({ documents: z.array(docShape), checkpoint: checkpointSchema });
export const pushResponseSchema = z.array(docShape);

export function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PlatformRequestError(`unexpected ${what} from the platform at ${issue?.path.join('.') || '(root)'}`, 200);
  }
  return r.data;
}
