// A platform app on a test database with two enrolled terminals, plus request helpers that sign
// terminal requests the way the terminal host does.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createPlatformApp } from '../app.js';
import type { Database } from '../db/types.js';
import { ChangeBus } from '../store/change-bus.js';
import { TEST_ADMIN_TOKEN } from './fixtures.js';
import type { TestBackend } from './backends.js';
import { enrollForTest, signerFor, type EnrolledTerminal } from './enrolled-terminal.js';

export const TERMINAL_A = 'T-TEST-A';
export const TERMINAL_B = 'T-TEST-B';

export interface Harness {
  app: FastifyInstance;
  db: Database;
  bus: ChangeBus;
  terminals: Readonly<Record<string, EnrolledTerminal>>;
  close(): Promise<void>;
  /** A signed request as terminalId (an unknown id signs with a made-up credential). */
  asTerminal(terminalId: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  asAdmin(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function openHarness(backend: TestBackend): Promise<Harness> {
  const { db, cleanup } = await backend.open();
  const terminals: Record<string, EnrolledTerminal> = {
    [TERMINAL_A]: await enrollForTest(db, TERMINAL_A),
    [TERMINAL_B]: await enrollForTest(db, TERMINAL_B),
  };
  const bus = new ChangeBus();
  const app = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN, bus });
  await app.ready();
  return {
    app,
    db,
    bus,
    terminals,
    async close() {
      await app.close();
      await cleanup();
    },
    async asTerminal(terminalId, method, url, body) {
      const signer = terminals[terminalId] ?? (await signerFor(terminalId, 'not-a-real-credential-0000000000000000'));
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = await signer.sign(method, url, payload);
      return app.inject({
        method,
        url,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload }),
      });
    },
    asAdmin: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
