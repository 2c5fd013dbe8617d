// The one dispatcher both transports share: RpcRequest (untrusted) → checked method and params →
// TerminalApi call → RpcResponse. Unknown methods, bad params and host faults become fault responses;
// domain failures stay Result values inside `result`. Never throws.
import { z } from 'zod';
import type { RpcResponse } from '../api/rpc-wire.js';
import { TERMINAL_API_METHODS, type TerminalApi, type TerminalApiMethod } from '../api/terminal-api.js';
import { HostRefusal } from '../host/errors.js';
import { paramSchemas } from './params.js';

export type Dispatch = (request: unknown) => Promise<RpcResponse>;

export interface DispatcherOptions {
  /** Told about unexpected errors thrown by the implementation (for the console; no personal data is passed). */
  readonly onHostFault?: (method: TerminalApiMethod, error: unknown) => void;
}

/** The id used when a frame is so malformed that it has none. */
export const NO_REQUEST_ID = -1;

const envelopeSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  params: z.array(z.unknown()).max(8),
});

const METHODS: ReadonlySet<string> = new Set(TERMINAL_API_METHODS);
const isMethod = (m: string): m is TerminalApiMethod => METHODS.has(m);

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function createDispatcher(api: TerminalApi, options: DispatcherOptions = {}): Dispatch {
  return async (request) => {
    const envelope = envelopeSchema.safeParse(request);
    if (!envelope.success) {
      const id = idOf(request);
      return fault(id, `bad request: ${describeIssues(envelope.error)}`);
    }
    const { id, method, params } = envelope.data;
    if (!isMethod(method)) return fault(id, `unknown method: ${JSON.stringify(method)}`);
    const checked = paramSchemas[method].safeParse(params);
    if (!checked.success) return fault(id, `bad params for ${method}: ${describeIssues(checked.error)}`);
    try {
      const fn = api[method] as (...args: unknown[]) => Promise<unknown>;
      const result = await fn.apply(api, checked.data as unknown[]);
      return { id, ok: true, result };
    } catch (e) {
      if (e instanceof HostRefusal) return fault(id, `refused (${e.code}): ${e.message}`);
      options.onHostFault?.(method, e);
      return fault(id, `host fault in ${method}`);
    }
  };
}

function fault(id: number, message: string): RpcResponse {
  return { id, ok: false, fault: message };
}

function idOf(request: unknown): number {
  if (typeof request === 'object' && request !== null && 'id' in request) {
    const id = (request as { id: unknown }).id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  }
  return NO_REQUEST_ID;
}
