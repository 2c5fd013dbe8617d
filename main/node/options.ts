// Command line and environment of the Node entry. Precedence: flag, then environment, then default.
import { isAbsolute, resolve } from 'node:path';
import { PROFILE_NAMES, profilePath, type ProfileFile } from '../../kiosk-config/load.js';

export const DEFAULT_PORT = 7710;
export const DEFAULT_BIND_HOST = '127.0.0.1';
export const DEFAULT_PROFILE: ProfileFile = 'service-hall-kiosk';
export const DEFAULT_DATA_DIR = '.data/terminal';

export const USAGE = `Usage: tsx main/node/index.ts [options]

  --port N              port to listen on (default ${DEFAULT_PORT}; env YICHUANG_HOST_PORT)
  --host ADDR           address to bind (default ${DEFAULT_BIND_HOST}; loopback only unless you say otherwise)
  --config FILE         kiosk config file (env YICHUANG_CONFIG)
  --profile NAME        built-in profile: ${PROFILE_NAMES.join(', ')} (env YICHUANG_PROFILE; default ${DEFAULT_PROFILE})
  --platform-url URL    override platform.url of the config (env YICHUANG_PLATFORM_URL)
  --data-dir DIR        host data: key, audit log (default ${DEFAULT_DATA_DIR}; env YICHUANG_DATA)
  --help                this text

A flag wins over its environment variable. --config and --profile exclude each other.`;

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the config file (from --config or the profile). */
  readonly configPath: string;
  readonly platformUrl?: string;
  readonly dataDir: string;
}

export type CliParse =
  { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

const FLAGS = ['port', 'host', 'config', 'profile', 'platform-url', 'data-dir'] as const;
type Flag = (typeof FLAGS)[number];

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): CliParse {
  const flags: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = m?.[1];
    if (!m || !name || !(FLAGS as readonly string[]).includes(name))
      return { kind: 'usage-error', message: `unknown argument: ${arg}` };
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '')
      return { kind: 'usage-error', message: `--${name} needs a value` };
    flags[name as Flag] = value;
  }

  const pick = (flag: Flag, envName: string): string | undefined => flags[flag] ?? nonEmpty(env[envName]);

  const portText = pick('port', 'YICHUANG_HOST_PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { kind: 'usage-error', message: `port must be 0..65535, got ${portText}` };

  // --config/--profile beat YICHUANG_CONFIG/YICHUANG_PROFILE; on the same level both at once is an error.
  let config = flags.config;
  let profile = flags.profile;
  if (config === undefined && profile === undefined) {
    config = nonEmpty(env.YICHUANG_CONFIG);
    profile = nonEmpty(env.YICHUANG_PROFILE);
  }
  if (config !== undefined && profile !== undefined) {
    return { kind: 'usage-error', message: 'give either a config file or a profile, not both' };
  }
  let configPath: string;
  if (config !== undefined) {
    configPath = isAbsolute(config) ? config : resolve(cwd, config);
  } else {
    const name = (profile ?? DEFAULT_PROFILE).replaceAll('_', '-');
    if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
      return {
        kind: 'usage-error',
        message: `unknown profile '${profile}': one of ${PROFILE_NAMES.join(', ')}`,
      };
    }
    configPath = profilePath(name as ProfileFile);
  }

  const dataDir = pick('data-dir', 'YICHUANG_DATA') ?? DEFAULT_DATA_DIR;
  const platformUrl = pick('platform-url', 'YICHUANG_PLATFORM_URL');
  return {
    kind: 'run',
    options: {
      port,
      host: pick('host', 'YICHUANG_HOST') ?? DEFAULT_BIND_HOST,
      configPath,
      ...(platformUrl !== undefined ? { platformUrl } : {}),
      dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    },
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}
