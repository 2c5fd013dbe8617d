// A pty pair with stable paths in a temporary folder, so a test can "unplug" it (close) and "replug"
// it (open again under the same paths) while a driver keeps its configured port path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../core/pty.js';

export class PtyFixture {
  readonly driverPath: string;
  readonly devicePath: string;
  private pair: PtyPair | null = null;
  private readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'yichuang-pty-'));
    this.driverPath = join(this.dir, 'driver');
    this.devicePath = join(this.dir, 'device');
  }

  async plug(): Promise<void> {
    if (this.pair) return;
    this.pair = await openPtyPair({ linkA: this.driverPath, linkB: this.devicePath });
  }

  async unplug(): Promise<void> {
    const pair = this.pair;
    this.pair = null;
    await pair?.close();
    // socat removes its links on a clean exit; make sure no stale link makes the port look present.
    rmSync(this.driverPath, { force: true });
    rmSync(this.devicePath, { force: true });
  }

  async dispose(): Promise<void> {
    await this.unplug();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
