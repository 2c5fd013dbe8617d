// The real driver against the simulator over a real socat pty pair.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { PtyFixture } from '../testing/pty-fixture.js';
import { pause, recordStatuses, waitFor, waitForStatus } from '../testing/wait.js';
import { createIdCardReader, startIdCardSimulator, SYNTHETIC_IDENTITIES, type CardEvent, type IdCardReader, type IdCardSimulator, type PhotoDecoder } from './index.js';

const POLL_MS = 20;
const NOW = () => new Date('2026-11-22T02:00:00Z');

let pty: PtyFixture;
let sim: IdCardSimulator | null;
let reader: IdCardReader | null;
let events: CardEvent[];

async function setUp(options: { readFingerprint?: boolean; photoDecoder?: PhotoDecoder } = {}): Promise<IdCardReader> {
  sim = await startIdCardSimulator({ path: pty.devicePath, pair: { close: () => pty.unplug() } });
  reader = createIdCardReader({
    deviceId: 'id-card-test',
    transport: { kind: 'serial', path: pty.driverPath, baudRate: 115200 },
    pollIntervalMs: POLL_MS,
    readFingerprint: options.readFingerprint ?? false,
    now: NOW,
    ...(options.photoDecoder ? { photoDecoder: options.photoDecoder } : {}),
    // Short backoff so replug tests run in well under a second.
    backoff: { initialMs: 30, maxMs: 200, jitter: 0.2 },
  });
  events = [];
  reader.onCard((e) => events.push(e));
  await reader.start();
  await waitForStatus(reader, 'ready');
  return reader;
}

const presents = (): Extract<CardEvent, { type: 'card-present' }>[] => events.filter((e): e is Extract<CardEvent, { type: 'card-present' }> => e.type === 'card-present');
const count = (type: CardEvent['type']): number => events.filter((e) => e.type === type).length;

beforeEach(async () => {
  pty = new PtyFixture();
  await pty.plug();
  sim = null;
  reader = null;
});

afterEach(async () => {
  await reader?.stop();
  await sim?.close();
  await pty.dispose();
});

describe('ID card driver over a pty pair', () => {
  it('reports a card once while it stays, its removal, then the next card', async () => {
    const r = await setUp();
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present');
    const first = presents()[0]!.card;
    expect(first).toMatchObject({ cardType: 'resident', name: '张三丰', validUntil: null, idNumberValid: true });
    expect(first.photoWlt).toHaveLength(1024);
    expect(first.photoBmp).toBeUndefined();

    await pause(POLL_MS * 10);
    expect(presents()).toHaveLength(1);
    expect(sim!.commandCounts()['readText']).toBe(1);
    expect(r.status()).toEqual({ kind: 'ready' });

    sim!.removeCard();
    await waitFor(() => count('card-removed') === 1, 'card-removed');

    sim!.placeCard(SYNTHETIC_IDENTITIES[1]!);
    await waitFor(() => presents().length === 2, 'second card-present');
    expect(presents()[1]!.card).toMatchObject({ name: '李小梅', expired: true });
    expect(events.map((e) => e.type)).toEqual(['card-present', 'card-removed', 'card-present']);
  });

  it('reports a card swapped for another between polls as removed, then present', async () => {
    await setUp();
    sim!.placeCard(SYNTHETIC_IDENTITIES[3]!);
    await waitFor(() => presents().length === 1, 'card-present');
    sim!.placeCard(SYNTHETIC_IDENTITIES[5]!);
    await waitFor(() => presents().length === 2, 'swapped card');
    expect(events.map((e) => e.type)).toEqual(['card-present', 'card-removed', 'card-present']);
    expect(presents()[0]!.card.cardType).toBe('foreign_permanent');
    expect(presents()[1]!.card).toMatchObject({ cardType: 'hmt_residence', permitNumber: 'H00000001' });
  });

  it('reports a failed read once, then the card once it reads', async () => {
    await setUp();
    sim!.failNextRead();
    sim!.placeCard(SYNTHETIC_IDENTITIES[2]!);
    await waitFor(() => presents().length === 1, 'card-present after a failed read');
    expect(events.map((e) => e.type)).toEqual(['card-error', 'card-present']);
    const error = events[0] as Extract<CardEvent, { type: 'card-error' }>;
    expect(error.error.code).toBe('read_failed');
    expect(error.error.message.zh).toMatch(/重新放置/);
    expect(error.error.detail).toContain('SW3 41');
  });

  it('reads through noise sent ahead of a reply frame', async () => {
    await setUp();
    sim!.sendNoise();
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present after noise');
    sim!.sendNoise(Uint8Array.of(0x69, 0x96, 0xaa, 0xaa, 0xaa, 0x96));
    await pause(POLL_MS * 5);
    expect(count('card-error')).toBe(0);
    expect(reader!.status()).toEqual({ kind: 'ready' });
  });

  it('shrugs off a reply with a bad checksum and reads the card on the next poll', async () => {
    const r = await setUp();
    sim!.corruptNextReply(); // a find-card reply while no card is there
    await pause(POLL_MS * 3);
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present after a garbled reply');
    expect(count('card-error')).toBe(0);
    expect(r.status()).toEqual({ kind: 'ready' });
  });

  it('drops and reopens the port after a truncated reply, then reads again', async () => {
    const r = await setUp();
    const statuses = recordStatuses(r);
    sim!.truncateNextReply();
    await waitFor(() => statuses.some((s) => s.kind === 'error'), 'error after a truncated reply', 5_000);
    expect(statuses.find((s) => s.kind === 'error')).toMatchObject({ kind: 'error', code: 'timeout' });
    expect(JSON.stringify(statuses)).toMatch(/unfinished frame/);
    await waitForStatus(r, 'ready');
    sim!.placeCard(SYNTHETIC_IDENTITIES[2]!);
    await waitFor(() => presents().length === 1, 'card-present after reopening');
  });

  it('reads the fingerprint when configured, and decodes the photo through a pluggable decoder', async () => {
    const decoder: PhotoDecoder = { decode: async (wlt) => Uint8Array.of(0x42, 0x4d, wlt[0]!) };
    await setUp({ readFingerprint: true, photoDecoder: decoder });
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present');
    expect(presents()[0]!.card.fingerprint).toHaveLength(1024);
    expect(Array.from(presents()[0]!.card.photoBmp ?? [])).toEqual([0x42, 0x4d, 0x57]);
    expect(sim!.commandCounts()['readTextWithFingerprint']).toBe(1);
  });

  it('keeps a read whose photo decoder fails', async () => {
    await setUp({ photoDecoder: { decode: () => Promise.reject(new Error('vendor library missing')) } });
    sim!.placeCard(SYNTHETIC_IDENTITIES[4]!);
    await waitFor(() => presents().length === 1, 'card-present');
    expect(presents()[0]!.card.photoBmp).toBeUndefined();
  });

  it('goes to no_device when unplugged, clears the card, and is ready again when replugged', async () => {
    const r = await setUp();
    const statuses = recordStatuses(r);
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present');

    await sim!.unplug();
    const gone = await waitForStatus(r, 'no_device');
    expect((gone as Extract<DeviceStatus, { kind: 'no_device' }>).detail).toContain(pty.driverPath);
    expect(events.at(-1)?.type).toBe('card-removed');

    await pty.plug();
    sim = await startIdCardSimulator({ path: pty.devicePath });
    await waitForStatus(r, 'ready');
    sim.placeCard(SYNTHETIC_IDENTITIES[1]!);
    await waitFor(() => presents().length === 2, 'card-present after replug');
    // Each status change was reported once: no repeated identical statuses.
    for (let i = 1; i < statuses.length; i++) expect(JSON.stringify(statuses[i])).not.toBe(JSON.stringify(statuses[i - 1]));
  });

  it('reports a reader that stops answering as a timeout error and recovers when it answers again', async () => {
    const r = await setUp();
    sim!.setSilent(true);
    const status = await waitForStatus(r, 'error');
    expect(status).toMatchObject({ kind: 'error', code: 'timeout' });
    // The installer reads which port, which rate, and that nothing at all came back.
    expect(status.kind === 'error' && status.detail).toMatch(
      new RegExp(`^no reply to \\w+ within \\d+ ms on serial ${pty.driverPath} @115200; nothing came back`),
    );
    sim!.setSilent(false);
    await waitForStatus(r, 'ready');
  });

  it('tells a reader at another baud rate (bytes, never a frame) from one that is silent, naming port and rate', async () => {
    const r = await setUp();
    sim!.setWrongBaud(true);
    const status = await waitForStatus(r, 'error');
    expect(status).toMatchObject({ kind: 'error', code: 'timeout' });
    expect(status.kind === 'error' && status.detail).toMatch(
      new RegExp(`on serial ${pty.driverPath} @115200; \\d+ byte\\(s\\) came back but no frame: a wrong baud rate`),
    );
    expect(count('card-present')).toBe(0);
    // Set right, it reads again by itself.
    sim!.setWrongBaud(false);
    await waitForStatus(r, 'ready');
    sim!.placeCard(SYNTHETIC_IDENTITIES[0]!);
    await waitFor(() => presents().length === 1, 'card-present at the right rate');
  });

  it('reports a SAM that fails its self-test as an error, never as ready', async () => {
    sim = await startIdCardSimulator({ path: pty.devicePath, samStatus: 0x60 });
    reader = createIdCardReader({
      deviceId: 'id-card-sam',
      transport: { kind: 'serial', path: pty.driverPath, baudRate: 115200 },
      pollIntervalMs: POLL_MS,
      readFingerprint: false,
      backoff: { initialMs: 30, maxMs: 200, jitter: 0.2 },
    });
    const statuses = recordStatuses(reader);
    await reader.start();
    const status = await waitForStatus(reader, 'error');
    expect(status).toMatchObject({ kind: 'error', code: 'sam_self_test_failed' });
    await pause(300);
    expect(statuses.some((s) => s.kind === 'ready')).toBe(false);
  });

  it('starts in no_device when the port does not exist', async () => {
    reader = createIdCardReader({
      deviceId: 'id-card-missing',
      transport: { kind: 'serial', path: '/dev/yichuang-no-such-port', baudRate: 115200 },
      pollIntervalMs: POLL_MS,
      readFingerprint: false,
    });
    await reader.start();
    const status = await waitForStatus(reader, 'no_device');
    expect(status).toMatchObject({ kind: 'no_device' });
    expect((status as { detail: string }).detail).toContain('/dev/yichuang-no-such-port');
  });
});
