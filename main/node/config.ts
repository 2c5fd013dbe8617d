// Loading the kiosk config for an entry (Node or Electron): file + --platform-url, validated.
import { formatConfigError, loadKioskConfigFile } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import type { CliOptions } from './options.js';

/** sysexits.h: EX_USAGE, EX_SOFTWARE, EX_CONFIG. */
export const EXIT_USAGE = 64;
export const EXIT_SOFTWARE = 70;
export const EXIT_CONFIG = 78;

export type ConfigLoad = { ok: true; config: KioskConfig } | { ok: false; message: string };

/** The config file with --platform-url applied, validated; the message names every bad field. */
export function loadHostConfig(options: Pick<CliOptions, 'configPath' | 'platformUrl'>): ConfigLoad {
  const overrides =
    options.platformUrl !== undefined ? { platform: { url: options.platformUrl } } : undefined;
  const loaded = loadKioskConfigFile(options.configPath, overrides);
  return loaded.ok
    ? { ok: true, config: loaded.value }
    : { ok: false, message: formatConfigError(loaded.error) };
}
