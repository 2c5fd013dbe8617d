// HidTransport on node-hid v3 (HIDAsync: reads on a native thread, no polling from JS). node-hid is
// loaded on first use, so code and tests that only use the in-memory transport never load the binding.
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { classifyTransportError, errorText, type TransportError } from '../core/byte-link.js';
import { Listeners } from '../core/listeners.js';
import { describeTarget, type HidConnection, type HidDeviceInfo, type HidTarget, type HidTransport } from './hid-transport.js';

type NodeHid = typeof import('node-hid');
type HIDAsync = Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;

let loaded: Promise<NodeHid> | undefined;
function nodeHid(): Promise<NodeHid> {
  loaded ??= import('node-hid').then((m) => ((m as { default?: NodeHid }).default ?? m) as NodeHid);
  return loaded;
}

export function createNodeHidTransport(): HidTransport {
  return {
    async list(): Promise<Result<readonly HidDeviceInfo[], TransportError>> {
      try {
        const hid = await nodeHid();
        return ok(await hid.devicesAsync());
      } catch (e) {
        return err({ code: 'io_error', detail: `hid enumerate: ${errorText(e)}` });
      }
    },
    async open(target: HidTarget): Promise<Result<HidConnection, TransportError>> {
      const description = describeTarget(target);
      try {
        const hid = await nodeHid();
        const device = 'path' in target ? await hid.HIDAsync.open(target.path) : await hid.HIDAsync.open(target.vendorId, target.productId);
        return ok(new NodeHidConnection(device, description));
      } catch (e) {
        // hidapi says little more than "cannot open device"; on Linux that is nearly always permissions (udev rule).
        return err({ code: classifyTransportError(e), detail: `${description}: ${errorText(e)}` });
      }
    },
  };
}

class NodeHidConnection implements HidConnection {
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<TransportError>();
  private closing = false;
  private gone = false;

  constructor(
    private readonly device: HIDAsync,
    private readonly description: string,
  ) {
    // Adding the 'data' listener starts node-hid's read thread.
    device.on('data', (report: Buffer) => this.data.emit(new Uint8Array(report)));
    device.on('error', (e: unknown) => this.markLost(e));
  }

  private markLost(e: unknown): void {
    if (this.closing || this.gone) return;
    this.gone = true;
    // A failed read is how hidapi reports an unplug; report it as 'closed' so the driver re-opens.
    const code = classifyTransportError(e);
    this.lost.emit({ code: code === 'io_error' ? 'closed' : code, detail: `${this.description}: ${errorText(e)}` });
    void this.device.close().catch(() => {});
  }

  onData(listener: (report: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onLost(listener: (error: TransportError) => void): () => void {
    return this.lost.add(listener);
  }

  async sendFeatureReport(report: Uint8Array): Promise<Result<void, TransportError>> {
    if (this.gone || this.closing) return err({ code: 'closed', detail: `${this.description}: not open` });
    try {
      await this.device.sendFeatureReport(Buffer.from(report));
      return ok(undefined);
    } catch (e) {
      return err({ code: classifyTransportError(e), detail: `${this.description}: feature report: ${errorText(e)}` });
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.data.clear();
    this.lost.clear();
    if (this.gone) return;
    await this.device.close().catch(() => {});
  }
}
