// Live streams: GET /v1/sync/{catalog,applications}/stream as server-sent events, signed like every
// terminal request (the terminal reads it with fetch, since EventSource cannot send headers).
// Events carry no documents, only "there is news": the terminal re-pulls from its checkpoint, so the
// stream never needs its own ordering or replay (a reconnecting terminal re-pulls anyway: RESYNC).
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { STREAMED_COLLECTIONS, SYNC_PATHS } from '../../protocol/index.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { errorJson } from '../http-schemas.js';
import type { ChangeBus } from '../store/change-bus.js';

/** A comment line this often keeps proxies from closing an idle stream and shows a dead one. */
const KEEPALIVE_MS = 15_000;

export function streamRoutes(app: FastifyInstance, db: Database, bus: ChangeBus): void {
  const open = new Map<PassThrough, { destroy(): void }>();
  // Server close waits for open connections, and streams never end by themselves: end them and drop
  // their sockets (a kept-alive socket would otherwise hold close() for the keep-alive timeout).
  app.addHook('preClose', (done) => {
    for (const [stream, socket] of open) {
      stream.end();
      socket.destroy();
    }
    open.clear();
    done();
  });

  for (const collection of STREAMED_COLLECTIONS) {
    app.get(
      SYNC_PATHS.stream(collection),
      {
        schema: {
          summary: `Live stream (text/event-stream) of news in ${collection}`,
          description:
            "Events: 'ready' once connected, then 'change' with data {\"collection\"} whenever the terminal should pull again. Signed like every terminal request.",
          tags: ['sync'],
          security: [{ terminalSignature: [] }],
          response: { 200: { type: 'string', description: 'text/event-stream' }, 401: errorJson },
        },
      },
      async (req, reply) => {
        const { terminalId } = await authenticateTerminal(db, req);
        const out = new PassThrough();
        open.set(out, req.raw.socket);
        const send = (event: string, data: unknown): void => {
          out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const unsubscribe = bus.subscribe((notice) => {
          if (notice.collection !== collection) return;
          if (notice.terminalId !== undefined && notice.terminalId !== terminalId) return;
          send('change', { collection });
        });
        const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
        const cleanup = (): void => {
          clearInterval(keepalive);
          unsubscribe();
          open.delete(out);
          out.end();
        };
        req.raw.once('close', cleanup);
        out.once('close', cleanup);
        out.write('retry: 2000\n\n');
        send('ready', { collection });
        return reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('x-accel-buffering', 'no')
          .header('connection', 'close')
          .send(out);
      },
    );
  }
}
