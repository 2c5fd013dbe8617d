// A platform app on a test database with two registered terminals, plus request helpers.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TERMINAL_ID_HEADER, TERMINAL_KEY_HEADER } from '../../protocol/index.js';
import { createPlatformApp } from '../app.js';
import { registerTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { TEST_ADMIN_TOKEN, TEST_TERMINAL_KEY } from './fixtures.js';
import type { TestBackend } from './backends.js';

export const TERMINAL_A = 'T-TEST-A';
export const TERMINAL_B = 'T-TEST-B';

export interface Harness {
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
  asTerminal(terminalId: string, method: 'GET' | 'POST', url: string, body?: unknown, key?: string): Promise<LightMyRequestResponse>;
  asAdmin(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function openHarness(backend: TestBackend): Promise<Harness> {
  const { db, cleanup } = await backend.open();
  await registerTerminal(db, TERMINAL_A, TEST_TERMINAL_KEY);
  await registerTerminal(db, TERMINAL_B, TEST_TERMINAL_KEY);
  const app = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await cleanup();
    },
    asTerminal: (terminalId, method, url, body, key = TEST_TERMINAL_KEY) =>
      app.inject({
        method,
        url,
        headers: { [TERMINAL_ID_HEADER]: terminalId, [TERMINAL_KEY_HEADER]: key },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    asAdmin: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
