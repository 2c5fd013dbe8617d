// A TCP proxy between terminals and the platform that misbehaves like a bad link: per request chunk it may
// delay it, reset the connection before it arrives, let it through but cut the response short (a lost
// acknowledgement), reset right after it (the ack may or may not arrive), or deliver it a second time on a
// side connection (a duplicate delivery). Seeded, so a run can be replayed.
import net from 'node:net';
import type { Rng } from './rng.js';

export type Fault = 'delay' | 'reset_before' | 'truncate_response' | 'reset_after' | 'replay';

export interface FaultRates {
  delay: number;
  reset_before: number;
  truncate_response: number;
  reset_after: number;
  replay: number;
}

export const DEFAULT_FAULT_RATES: FaultRates = {
  delay: 0.08,
  reset_before: 0.05,
  truncate_response: 0.06,
  reset_after: 0.05,
  replay: 0.06,
};

export interface FaultProxy {
  readonly port: number;
  /** false = pass everything through untouched (the healing phase before reconciling). */
  setFaulty(on: boolean): void;
  readonly counts: Readonly<Record<Fault | 'pass', number>>;
  close(): Promise<void>;
}

export async function startFaultProxy(opts: {
  upstreamPort: number;
  rng: Rng;
  rates?: FaultRates;
  host?: string;
}): Promise<FaultProxy> {
  const host = opts.host ?? '127.0.0.1';
  const rates = opts.rates ?? DEFAULT_FAULT_RATES;
  const counts: Record<Fault | 'pass', number> = {
    pass: 0,
    delay: 0,
    reset_before: 0,
    truncate_response: 0,
    reset_after: 0,
    replay: 0,
  };
  let faulty = true;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): net.Socket => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };

  const chooseFault = (): Fault | 'pass' => {
    if (!faulty) return 'pass';
    let r = opts.rng.next();
    for (const f of Object.keys(rates) as Fault[]) {
      if (r < rates[f]) return f;
      r -= rates[f];
    }
    return 'pass';
  };

  const kill = (...ss: net.Socket[]): void => {
    for (const s of ss) if (!s.destroyed) s.resetAndDestroy();
  };

  const replay = (chunk: Buffer): void => {
    const side = track(net.connect(opts.upstreamPort, host));
    side.on('connect', () => side.write(chunk));
    side.on('data', () => undefined);
    setTimeout(() => side.destroy(), 3000).unref();
  };

  const server = net.createServer((client) => {
    track(client);
    const upstream = track(net.connect(opts.upstreamPort, host));
    // Bytes of response still allowed through; Infinity unless a truncation is armed.
    let responseBudget = Infinity;
    let queue = Promise.resolve();

    upstream.on('data', (data: Buffer) => {
      if (responseBudget === Infinity) return void client.write(data);
      const allowed = data.subarray(0, Math.max(0, responseBudget));
      responseBudget -= allowed.length;
      if (allowed.length) client.write(allowed);
      if (responseBudget <= 0) kill(client, upstream);
    });
    upstream.on('close', () => client.destroy());
    upstream.on('error', () => kill(client));
    client.on('close', () => upstream.destroy());
    client.on('error', () => kill(upstream));

    client.on('data', (chunk: Buffer) => {
      const fault = chooseFault();
      counts[fault]++;
      // Chunks keep their order: each waits for the one before it.
      queue = queue.then(async () => {
        if (client.destroyed || upstream.destroyed) return;
        switch (fault) {
          case 'pass':
            upstream.write(chunk);
            return;
          case 'delay':
            await new Promise((r) => setTimeout(r, opts.rng.int(50, 800)));
            if (!upstream.destroyed) upstream.write(chunk);
            return;
          case 'reset_before':
            kill(client, upstream);
            return;
          case 'truncate_response':
            responseBudget = opts.rng.int(0, 400);
            upstream.write(chunk);
            return;
          case 'reset_after':
            upstream.write(chunk);
            await new Promise((r) => setTimeout(r, opts.rng.int(0, 150)));
            kill(client, upstream);
            return;
          case 'replay':
            upstream.write(chunk);
            replay(Buffer.from(chunk));
            return;
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    setFaulty: (on) => {
      faulty = on;
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
