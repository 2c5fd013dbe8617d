// The typed TerminalApi proxy: one generic call per method in TERMINAL_API_METHODS.
import { TERMINAL_API_METHODS, type TerminalApi, type TerminalApiMethod } from '../../../main/api/index.js';
import { HostFaultError } from './errors.js';
import type { RpcTransport } from './types.js';

/**
 * Printing waits on paper and a cutter; everything else should be quick. A citizen waits in front of the
 * screen while a receipt prints, so after 25 s the screen shows the QR code instead (the application is
 * already stored; a receipt that still comes out later does no harm).
 */
// OCR: the host's own page limit is 60 s, and the first page after start loads both models (5–7 s).
// Read-aloud answers when the speech has ended: minutes for a long text at the slow rate.
const CALL_TIMEOUT_MS: Partial<Record<TerminalApiMethod, number>> = { printReceipt: 25_000, ocrDocument: 75_000, speakText: 660_000 };
const DEFAULT_TIMEOUT_MS = 15_000;

export function createApiProxy(transport: RpcTransport): TerminalApi {
  let nextId = 1;
  const api: Partial<Record<TerminalApiMethod, (...params: unknown[]) => Promise<unknown>>> = {};
  for (const method of TERMINAL_API_METHODS) {
    api[method] = async (...params: unknown[]) => {
      const id = nextId++;
      const response = await transport.call({ id, method, params }, CALL_TIMEOUT_MS[method] ?? DEFAULT_TIMEOUT_MS);
      if (!response.ok) throw new HostFaultError(method, response.fault);
      return response.result;
    };
  }
  return Object.freeze(api) as unknown as TerminalApi;
}
