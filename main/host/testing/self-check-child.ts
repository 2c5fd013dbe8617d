// Test helper, run as a child process (as an unprivileged user when the tests run as root): boots a host
// with the given devices, waits for the start-up self-check and prints its snapshot as JSON.
// Usage: node --import tsx self-check-child.ts '<devices JSON>' <dataDir>
import { readFileSync } from 'node:fs';
import { profilePath, validateKioskConfig } from '../../../kiosk-config/load.js';
import { createTerminalHost } from '../host.js';

const [devicesJson, dataDir] = process.argv.slice(2);
if (!devicesJson || !dataDir) {
  process.stderr.write('usage: self-check-child.ts <devices JSON> <dataDir>\n');
  process.exit(2);
}
const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
const loaded = validateKioskConfig({ ...raw, devices: JSON.parse(devicesJson) as unknown });
if (!loaded.ok) {
  process.stderr.write(JSON.stringify(loaded.error) + '\n');
  process.exit(2);
}
const host = createTerminalHost({ config: loaded.value, dataDir, version: 'self-check-child' });
await host.start();
const snapshot = await host.devices.selfCheck();
await host.stop();
// Marked, so host messages on stdout (enrolment, warnings) do not get in the way of the parse.
process.stdout.write(`SELF-CHECK ${JSON.stringify(snapshot)}\n`);
process.exit(0);
