// In-memory IdCardReader for unit tests of code that uses a reader (host services, session logic).
// No bytes, no timers: tests drive it directly.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { Unsubscribe } from '../core/device.js';
import { Listeners } from '../core/listeners.js';
import { StatusCell } from '../core/status-cell.js';
import type { CardEvent, IdCardReader, ParsedCard } from './reader.js';
import { syntheticPhoto, type SyntheticIdentity } from './synthetic-identities.js';
import { encodeTextBlock } from './text-block-encoder.js';
import { parseTextBlock } from './text-block.js';

export class FakeIdCardReader implements IdCardReader {
  private readonly statusCell = new StatusCell({ kind: 'starting' });
  private readonly cards = new Listeners<CardEvent>();
  private present = false;

  constructor(
    readonly deviceId = 'fake-id-card',
    private readonly now: () => Date = () => new Date(),
  ) {}

  status(): DeviceStatus {
    return this.statusCell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusCell.subscribe(listener);
  }

  onCard(listener: (event: CardEvent) => void): Unsubscribe {
    return this.cards.add(listener);
  }

  async start(): Promise<void> {
    this.statusCell.set({ kind: 'ready' });
  }

  async stop(): Promise<void> {
    this.statusCell.set({ kind: 'disabled' });
  }

  /** Emits card-present with the parsed synthetic identity (a previous card is removed first). */
  placeCard(identity: SyntheticIdentity): ParsedCard {
    const parsed = parseTextBlock(encodeTextBlock(identity), { now: this.now });
    if (!parsed.ok) throw new Error(`synthetic identity does not parse: ${parsed.error.detail ?? parsed.error.code}`);
    const { typeFlag: _flag, ...fields } = parsed.value;
    const card: ParsedCard = { ...fields, photoWlt: syntheticPhoto(identity) };
    if (this.present) this.cards.emit({ type: 'card-removed' });
    this.present = true;
    this.cards.emit({ type: 'card-present', card });
    return card;
  }

  removeCard(): void {
    if (!this.present) return;
    this.present = false;
    this.cards.emit({ type: 'card-removed' });
  }

  failRead(error: UserFacingError): void {
    this.cards.emit({ type: 'card-error', error });
  }

  setStatus(status: DeviceStatus): void {
    this.statusCell.set(status);
  }
}
