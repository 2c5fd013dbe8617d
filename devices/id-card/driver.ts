// The SAM ID card reader driver: an explicit state machine over a serial link.
//
//   opening ──▶ initialising (reset SAM, SAM status) ──▶ waiting_for_card ◀──────────────┐
//                                                          │ find 9F                       │ select fails
//                                                          ▼                               │ (card gone)
//                                                       reading (select, read) ──▶ card_present
//
// While a card stays, it is not read again: after a successful read the card is halted and
// "find" stops answering 9F for it, so presence is checked with "select". A card that answers
// "find" again is a fresh card (or the same one re-presented), which is read and compared.
// Any timeout or transport failure ends the session; the supervisor drops and reopens the port.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Unsubscribe } from '../core/device.js';
import { type DeviceLogger, silentLogger } from '../core/log.js';
import { Listeners } from '../core/listeners.js';
import { openSerial } from '../core/serial-transport.js';
import { sleep } from '../core/sleep.js';
import { StatusCell } from '../core/status-cell.js';
import { Supervisor, type SessionContext, type SessionFailure } from '../core/supervisor.js';
import type { BackoffOptions } from '../core/backoff.js';
import { parseReadPayload, type CommandName, type SamResponse } from './codec.js';
import { fromSw3, protocolError, type CardError } from './errors.js';
import type { CardEvent, IdCardReader, ParsedCard, PhotoDecoder } from './reader.js';
import { SamChannel, type TransactFailure } from './sam-channel.js';
import { parseTextBlock } from './text-block.js';
import type { Result } from '../../sync/protocol/result.js';

/** Named timeouts, in milliseconds. Real readers need up to a second for a read with photo. */
export interface IdCardTimeouts {
  readonly samControlMs: number;
  readonly findCardMs: number;
  readonly selectCardMs: number;
  readonly readCardMs: number;
  readonly photoDecodeMs: number;
}

export const DEFAULT_ID_CARD_TIMEOUTS: IdCardTimeouts = {
  samControlMs: 1_000,
  findCardMs: 500,
  selectCardMs: 500,
  readCardMs: 3_000,
  photoDecodeMs: 2_000,
};

/** Consecutive garbled replies to find/select after which the link is treated as broken. */
const MAX_CONSECUTIVE_FRAME_ERRORS = 3;

export type ReaderState = 'stopped' | 'opening' | 'initialising' | 'waiting_for_card' | 'reading' | 'card_present';

export interface IdCardReaderOptions {
  readonly deviceId: string;
  readonly transport: { readonly kind: 'serial'; readonly path: string; readonly baudRate: number };
  readonly pollIntervalMs: number;
  readonly readFingerprint: boolean;
  readonly photoDecoder?: PhotoDecoder;
  readonly now?: () => Date;
  readonly timeouts?: Partial<IdCardTimeouts>;
  readonly backoff?: BackoffOptions;
  readonly log?: DeviceLogger;
}

class SessionEnded extends Error {
  constructor(readonly failure: SessionFailure | null) {
    super(failure?.detail ?? 'aborted');
  }
}

export class SamIdCardReader implements IdCardReader {
  readonly deviceId: string;
  private readonly statusCell = new StatusCell({ kind: 'starting' });
  private readonly cards = new Listeners<CardEvent>();
  private readonly supervisor: Supervisor;
  private readonly timeouts: IdCardTimeouts;
  private readonly log: DeviceLogger;
  private current: ReaderState = 'stopped';
  /** Identifies the card on the reader (kept in memory only, cleared when it leaves). */
  private presentKey: string | null = null;
  /** A failed card is reported once, not on every poll while it lies there. */
  private errorReported = false;
  private frameErrors = 0;

  constructor(private readonly opts: IdCardReaderOptions) {
    this.deviceId = opts.deviceId;
    this.timeouts = { ...DEFAULT_ID_CARD_TIMEOUTS, ...opts.timeouts };
    this.log = opts.log ?? silentLogger;
    this.supervisor = new Supervisor({
      deviceId: opts.deviceId,
      open: () => {
        this.enter('opening');
        return openSerial(opts.transport);
      },
      runSession: (ctx) => this.runSession(ctx),
      afterSession: () => this.forgetCard(),
      status: this.statusCell,
      log: this.log,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    });
  }

  status(): DeviceStatus {
    return this.statusCell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusCell.subscribe(listener);
  }

  onCard(listener: (event: CardEvent) => void): Unsubscribe {
    return this.cards.add(listener);
  }

  /** The state machine's current state, for diagnostics and tests. */
  state(): ReaderState {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.supervisor.running) return;
    this.statusCell.set({ kind: 'starting' });
    this.supervisor.start();
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    this.enter('stopped');
    this.statusCell.set({ kind: 'disabled' });
  }

  private enter(state: ReaderState): void {
    if (state === this.current) return;
    this.log({ level: 'debug', deviceId: this.deviceId, event: 'state', detail: `${this.current} → ${state}` });
    this.current = state;
  }

  /** When the reader is lost with a card on it, the card counts as removed so its data is cleared. */
  private forgetCard(): void {
    if (this.presentKey !== null) this.cards.emit({ type: 'card-removed' });
    this.presentKey = null;
    this.errorReported = false;
    this.frameErrors = 0;
  }

  private async runSession(ctx: SessionContext): Promise<SessionFailure | null> {
    const channel = new SamChannel(ctx.link, this.deviceId, this.log);
    try {
      this.enter('initialising');
      await this.control(channel, 'resetSam', ctx.signal);
      await this.control(channel, 'samStatus', ctx.signal);
      ctx.healthy();
      this.statusCell.set({ kind: 'ready' });
      this.enter('waiting_for_card');
      for (;;) {
        await sleep(this.opts.pollIntervalMs, ctx.signal);
        if (ctx.signal.aborted) return null;
        if (this.current === 'card_present') await this.checkPresence(channel, ctx.signal);
        else await this.lookForCard(channel, ctx.signal);
      }
    } catch (e) {
      if (e instanceof SessionEnded) return e.failure;
      throw e;
    } finally {
      channel.dispose();
    }
  }

  /** SAM reset and status: anything but success means the reader cannot be used. */
  private async control(channel: SamChannel, command: 'resetSam' | 'samStatus', signal: AbortSignal): Promise<void> {
    const reply = this.expectReply(await channel.transact(command, this.timeouts.samControlMs, signal), command, true);
    if (reply === null) throw new SessionEnded({ status: { kind: 'error', code: 'garbled_reply', detail: `${command}: garbled reply` }, detail: `${command}: garbled reply` });
    if (reply.status.code !== 'success') {
      const detail = `${command}: SW3 ${reply.status.sw3.toString(16).toUpperCase()} (${reply.status.code})`;
      const code = reply.status.code.startsWith('sam_') ? reply.status.code : `sam_${reply.status.code}`;
      throw new SessionEnded({ status: { kind: 'error', code, detail }, detail });
    }
  }

  /**
   * Ends the session on timeouts and transport failures. A garbled reply returns null (the next
   * poll asks again) until it happens too often in a row, which ends the session too.
   */
  private expectReply(result: Result<SamResponse, TransactFailure>, command: CommandName, strict = false): SamResponse | null {
    if (result.ok) {
      this.frameErrors = 0;
      return result.value;
    }
    const failure = result.error;
    switch (failure.kind) {
      case 'aborted':
        throw new SessionEnded(null);
      case 'timeout':
        throw new SessionEnded({ status: { kind: 'error', code: 'timeout', detail: failure.detail }, detail: failure.detail });
      case 'transport':
        // The supervisor maps the lost link to no_device / error from the link's own report.
        throw new SessionEnded({ status: { kind: 'no_device', detail: failure.error.detail }, detail: failure.error.detail });
      case 'frame': {
        this.frameErrors++;
        const detail = `${command}: ${failure.error.code} (${failure.error.detail})`;
        this.log({ level: 'warn', deviceId: this.deviceId, event: 'bad_frame', detail });
        if (strict || this.frameErrors >= MAX_CONSECUTIVE_FRAME_ERRORS) {
          throw new SessionEnded({ status: { kind: 'error', code: 'garbled_reply', detail }, detail });
        }
        return null;
      }
    }
  }

  private async lookForCard(channel: SamChannel, signal: AbortSignal): Promise<void> {
    const found = this.expectReply(await channel.transact('findCard', this.timeouts.findCardMs, signal), 'findCard');
    if (found === null) return;
    if (found.status.code !== 'card_found') {
      // Nothing on the reader: a card whose failure was reported has gone; the next one is reported anew.
      this.errorReported = false;
      return;
    }
    await this.readPresentCard(channel, signal);
  }

  private async checkPresence(channel: SamChannel, signal: AbortSignal): Promise<void> {
    const found = this.expectReply(await channel.transact('findCard', this.timeouts.findCardMs, signal), 'findCard');
    if (found === null) return;
    if (found.status.code === 'card_found') {
      // A card that answers "find" is not the halted one we read: read it and compare.
      await this.readPresentCard(channel, signal);
      return;
    }
    const selected = this.expectReply(await channel.transact('selectCard', this.timeouts.selectCardMs, signal), 'selectCard');
    if (selected === null) return;
    if (selected.status.code !== 'success') {
      this.presentKey = null;
      this.errorReported = false;
      this.enter('waiting_for_card');
      this.cards.emit({ type: 'card-removed' });
    }
  }

  private async readPresentCard(channel: SamChannel, signal: AbortSignal): Promise<void> {
    const previous = this.current;
    this.enter('reading');
    this.statusCell.set({ kind: 'busy' });
    const outcome = await this.selectAndRead(channel, signal);
    this.statusCell.set({ kind: 'ready' });
    if (!outcome.ok) {
      this.enter(previous === 'card_present' ? 'card_present' : 'waiting_for_card');
      if (!this.errorReported) {
        this.errorReported = true;
        this.log({ level: 'warn', deviceId: this.deviceId, event: 'card_error', detail: `${outcome.error.code}: ${outcome.error.detail ?? ''}` });
        this.cards.emit({ type: 'card-error', error: outcome.error });
      }
      return;
    }
    const card = outcome.value;
    const key = `${card.cardType}:${card.idNumber}`;
    this.errorReported = false;
    this.enter('card_present');
    if (key === this.presentKey) return; // the same card, lifted and put back between polls
    if (this.presentKey !== null) this.cards.emit({ type: 'card-removed' });
    this.presentKey = key;
    this.log({ level: 'info', deviceId: this.deviceId, event: 'card_read', detail: card.cardType });
    this.cards.emit({ type: 'card-present', card });
  }

  private async selectAndRead(channel: SamChannel, signal: AbortSignal): Promise<Result<ParsedCard, CardError>> {
    const selected = this.expectReply(await channel.transact('selectCard', this.timeouts.selectCardMs, signal), 'selectCard');
    if (selected === null) return { ok: false, error: protocolError('selectCard: garbled reply') };
    if (selected.status.code !== 'success') return { ok: false, error: fromSw3(selected.status, 'selectCard') };

    const command: CommandName = this.opts.readFingerprint ? 'readTextWithFingerprint' : 'readText';
    const read = await channel.transact(command, this.timeouts.readCardMs, signal);
    // A garbled read reply is a card error (place the card again), not a broken reader.
    if (!read.ok && read.error.kind === 'frame') return { ok: false, error: protocolError(`${command}: ${read.error.error.code} (${read.error.error.detail})`) };
    const reply = this.expectReply(read, command);
    if (reply === null) return { ok: false, error: protocolError(`${command}: garbled reply`) };
    if (reply.status.code !== 'success') return { ok: false, error: fromSw3(reply.status, command) };

    const payload = parseReadPayload(reply.data, this.opts.readFingerprint);
    if (!payload.ok) return { ok: false, error: protocolError(`${command}: ${payload.error.code} (${payload.error.detail})`) };
    const text = parseTextBlock(payload.value.text, this.opts.now ? { now: this.opts.now } : {});
    if (!text.ok) return text;
    const { typeFlag: _flag, ...fields } = text.value;
    const photoBmp = await this.decodePhoto(payload.value.photo);
    const card: ParsedCard = {
      ...fields,
      photoWlt: payload.value.photo,
      ...(photoBmp ? { photoBmp } : {}),
      ...(payload.value.fingerprint ? { fingerprint: payload.value.fingerprint } : {}),
    };
    return { ok: true, value: card };
  }

  /** The photo is optional to a read: no decoder, a failing decoder or a slow one leave it as WLT bytes. */
  private async decodePhoto(wlt: Uint8Array): Promise<Uint8Array | null> {
    const decoder = this.opts.photoDecoder;
    if (!decoder) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), this.timeouts.photoDecodeMs);
      });
      return await Promise.race([decoder.decode(wlt), timeout]);
    } catch (e) {
      this.log({ level: 'warn', deviceId: this.deviceId, event: 'photo_decode_failed', detail: e instanceof Error ? e.message : String(e) });
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
